package dev.agora.agents.run.service;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import dev.agora.agents.agent.repository.Agent;
import dev.agora.agents.agent.repository.AgentRepository;
import dev.agora.agents.agent.service.EndpointSecrets;
import dev.agora.agents.run.repository.TaskRun;
import dev.agora.agents.run.repository.TaskRunRepository;
import dev.agora.common.crypto.UnreadableSecretException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;

/**
 * The dispatch workers of one replica: each poll (every {@code poll-interval}, and at once when woken after a run
 * was queued) claims as many due runs as there are free workers, makes each one's call on its own duplicated
 * context and records the reply. A run waits between calls holding nothing (no thread, no connection). Replicas
 * share nothing but the database: claims skip each other's rows, and a run whose worker died is taken again when
 * its lease has lapsed. Silent runs are failed by the same poll.
 */
@ApplicationScoped
public class RunWorkers {
    private static final Logger LOG = Logger.getLogger(RunWorkers.class);
    private static final int SILENT_BATCH = 50;

    private final TaskRunRepository runs;
    private final AgentRepository agents;
    private final EndpointSecrets secrets;
    private final RunRecorder recorder;
    private final RunConfig config;
    private final Vertx vertx;
    private final Map<String, AgentTransport> transports;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean polling = new AtomicBoolean();
    private final AtomicBoolean wokenWhilePolling = new AtomicBoolean();
    /** The lease tokens of the runs this replica's workers are calling about, kept alive while the calls last. */
    private final Set<UUID> held = ConcurrentHashMap.newKeySet();
    private volatile long leasesExtendedAt = System.currentTimeMillis();
    /** The last claim took as many runs as there were free workers: more may be due, so a finished call looks again. */
    private volatile boolean saturated;

    public RunWorkers(TaskRunRepository runs, AgentRepository agents, EndpointSecrets secrets, RunRecorder recorder,
            RunConfig config, Vertx vertx, Instance<AgentTransport> transports) {
        this.runs = runs;
        this.agents = agents;
        this.secrets = secrets;
        this.recorder = recorder;
        this.config = config;
        this.vertx = vertx;
        this.transports = transports.stream().collect(Collectors.toMap(AgentTransport::name, Function.identity()));
    }

    void onStop(@Observes ShutdownEvent stop) {
        running.set(false);
    }

    /** Looks for due runs now (a run was just queued), on a fresh context. */
    public void wake() {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> poll().subscribe().with(done -> {
        }, failure -> LOG.warnf("Polling for task runs failed: %s", failure.getMessage())));
    }

    @Scheduled(every = "${agora.agents.runs.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledPoll() {
        return Uni.createFrom().deferred(this::poll)
                .chain(this::extendLeases)
                .chain(() -> running.get() ? recorder.failSilent(SILENT_BATCH).replaceWithVoid() : Uni.createFrom().voidItem())
                .onFailure().invoke(failure -> LOG.warnf("Polling for task runs failed: %s", failure.getMessage()))
                .onFailure().recoverWithNull();
    }

    /**
     * A call may last longer than a lease (a streamed answer): the leases of the runs in flight are renewed every
     * third of a lease, so only a replica that died lets its runs be taken again.
     */
    private Uni<Void> extendLeases() {
        long lease = config.lease().toMillis();
        if (held.isEmpty() || System.currentTimeMillis() - leasesExtendedAt < lease / 3) {
            return Uni.createFrom().voidItem();
        }
        leasesExtendedAt = System.currentTimeMillis();
        return Panache.withTransaction(() -> runs.extendLeases(List.copyOf(held), lease)).replaceWithVoid();
    }

    /** One claim at a time per replica; a wake that arrives during one runs another right after it. */
    Uni<Void> poll() {
        if (!running.get()) {
            return Uni.createFrom().voidItem();
        }
        if (!polling.compareAndSet(false, true)) {
            wokenWhilePolling.set(true);
            return Uni.createFrom().voidItem();
        }
        int free = config.workers() - inFlight.get();
        UUID token = UUID.randomUUID();
        Uni<List<TaskRun>> claimed = free <= 0 ? Uni.createFrom().item(List.of())
                : Uni.createFrom().deferred(() -> Panache.withTransaction(() -> runs.claim(free, config.lease().toMillis(), token)));
        return claimed.invoke(list -> {
                    saturated = free <= 0 || list.size() == free;
                    list.forEach(run -> start(run, token));
                })
                .eventually(() -> {
                    polling.set(false);
                    if (wokenWhilePolling.getAndSet(false)) {
                        wake();
                    }
                })
                .replaceWithVoid();
    }

    private void start(TaskRun run, UUID token) {
        inFlight.incrementAndGet();
        held.add(token);
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        RunCallKind kind = RunCallKind.forStatus(run.status);
        ProgressSink progress = new ProgressSink(report -> recorder.progress(run.taskId, token, report));
        context.runOnContext(ignored -> call(run, kind, progress)
                .call(progress::drained)
                .chain(reply -> recorder.record(run.taskId, token, kind, reply))
                .eventually(() -> {
                    held.remove(token);
                    inFlight.decrementAndGet();
                    if (saturated) {
                        wake();
                    }
                })
                .subscribe().with(done -> {
                }, failure -> {
                    LOG.warnf("Recording the call of task run %s failed (it is made again after its lease): %s",
                            run.taskId, failure.getMessage());
                }));
    }

    private Uni<AgentReply> call(TaskRun run, RunCallKind kind, ProgressSink progress) {
        AgentTransport transport = transports.get(run.transport);
        if (transport == null) {
            return Uni.createFrom().item(new AgentReply.Refused(FailureCodes.NOT_DISPATCHABLE,
                    "no transport reaches " + run.transport + " agents"));
        }
        return Panache.withSession(() -> agents.findById(run.agentId)).map(agent -> prepare(run, agent, progress))
                .chain(prepared -> prepared instanceof AgentReply reply ? Uni.createFrom().item(reply)
                        : switch (kind) {
                            case SEND -> transport.send((RunCall) prepared);
                            case FOLLOW -> transport.follow((RunCall) prepared);
                            case CANCEL -> transport.cancel((RunCall) prepared);
                        })
                .onFailure().recoverWithItem(failure -> new AgentReply.Unreachable(
                        "the call could not be made: " + failure.getClass().getSimpleName()));
    }

    /** The call, or the reply that makes it pointless (the agent deleted, its secret unreadable). */
    private Object prepare(TaskRun run, Agent agent, ProgressSink progress) {
        if (agent == null || "deleted".equals(agent.status)) {
            return new AgentReply.Refused(FailureCodes.NOT_DISPATCHABLE, "the agent no longer exists");
        }
        try {
            return new RunCall(run.taskId, run.title, run.description, run.taskType, run.pendingAnswer, run.remoteTaskId,
                    run.remoteContextId, run.remoteStatusUrl, run.pushNotifications,
                    agent.endpoint == null ? null : secrets.open(agent.endpoint, EndpointSecrets.agentPlace(agent)),
                    agent.llmConfig == null ? null : secrets.openLlmConfig(agent.llmConfig, EndpointSecrets.llmPlace(agent)),
                    agent.context, progress);
        } catch (UnreadableSecretException e) {
            return new AgentReply.Refused(FailureCodes.NOT_DISPATCHABLE, "the agent's credentials cannot be read: "
                    + e.getMessage());
        }
    }
}
