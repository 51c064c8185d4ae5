package dev.agora.triggers.delivery.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.common.crypto.UnreadableSecretException;
import dev.agora.triggers.delivery.action.ActionConfigs;
import dev.agora.triggers.delivery.action.ActionHandler;
import dev.agora.triggers.delivery.action.ActionOutcome;
import dev.agora.triggers.delivery.action.Delivery;
import dev.agora.triggers.delivery.action.RetryPolicy;
import dev.agora.triggers.delivery.action.Templates;
import dev.agora.triggers.delivery.repository.ActionJobRepository;
import dev.agora.triggers.delivery.repository.ActionJobRepository.ClaimedJob;
import dev.agora.triggers.trigger.service.TriggerIndexes;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The bounded worker pool of one replica: every poll claims as many due jobs as there are free workers (probes of
 * half-open circuits first), delivers each on its own duplicated context and records the attempt. Replicas share
 * nothing but the database: claims skip each other's locked rows, and a job whose worker died is claimed again when
 * its lease has passed. The jobs of one action are claimed one at a time, in order; a poll runs as soon as a delivery
 * ends, so the next one in line does not wait for the poll interval.
 */
@ApplicationScoped
public class DeliveryWorkers {
    private static final Logger LOG = Logger.getLogger(DeliveryWorkers.class);

    private final ActionJobRepository jobs;
    private final AttemptRecorder recorder;
    private final ActionSecrets secrets;
    private final TriggerIndexes index;
    private final DeliveryConfig config;
    private final Vertx vertx;
    private final ObjectMapper mapper;
    private final Map<String, ActionHandler> handlers;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean polling = new AtomicBoolean();
    /** A poll was asked for while one ran: it runs again once that one ends. */
    private final AtomicBoolean pollAgain = new AtomicBoolean();

    public DeliveryWorkers(ActionJobRepository jobs, AttemptRecorder recorder, ActionSecrets secrets, TriggerIndexes index,
            DeliveryConfig config, Vertx vertx, ObjectMapper mapper, Instance<ActionHandler> handlers) {
        this.jobs = jobs;
        this.recorder = recorder;
        this.secrets = secrets;
        this.index = index;
        this.config = config;
        this.vertx = vertx;
        this.mapper = mapper;
        this.handlers = handlers.stream().collect(Collectors.toMap(ActionHandler::type, Function.identity()));
    }

    void onStop(@Observes ShutdownEvent stop) {
        running.set(false);
    }

    /** Also runs as soon as a delivery ends: the next job of its action may be claimed only then. */
    @Scheduled(every = "${agora.triggers.delivery.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        if (!polling.compareAndSet(false, true)) {
            pollAgain.set(true);
            return Uni.createFrom().voidItem();
        }
        return claimAndDispatch().eventually(() -> {
            polling.set(false);
            if (pollAgain.getAndSet(false)) {
                pollSoon();
            }
        });
    }

    private Uni<Void> claimAndDispatch() {
        int free = config.workers() - inFlight.get();
        if (!running.get() || free <= 0) {
            return Uni.createFrom().voidItem();
        }
        UUID token = UUID.randomUUID();
        ActionJobRepository.Lease lease = new ActionJobRepository.Lease(config.lease().toMillis(),
                config.leaseMargin().toMillis(), ActionConfigs.DEFAULT_TIMEOUT_MS);
        return Panache.withTransaction(() -> jobs.claimProbes(lease, token).chain(probes -> {
            int rest = free - probes.size();
            return rest <= 0 ? Uni.createFrom().item(probes) : jobs.claim(rest, lease, token).map(claimed -> {
                List<ClaimedJob> all = new ArrayList<>(probes);
                all.addAll(claimed);
                return all;
            });
        })).invoke(claimed -> claimed.forEach(this::dispatch)).replaceWithVoid()
                .onFailure().invoke(failure -> LOG.warnf("Claiming action jobs failed: %s", failure.getMessage()))
                .onFailure().recoverWithNull();
    }

    private void pollSoon() {
        if (!running.get()) {
            return;
        }
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> poll().subscribe().with(done -> {
        }, failure -> LOG.warnf("Claiming action jobs failed: %s", failure.getMessage())));
    }

    private void dispatch(ClaimedJob job) {
        inFlight.incrementAndGet();
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> deliver(job).subscribe().with(done -> {
            inFlight.decrementAndGet();
            pollSoon();
        }, failure -> {
            inFlight.decrementAndGet();
            LOG.warnf("Recording the attempt of action job %s failed (it is delivered again after its lease): %s",
                    job.id(), failure.getMessage());
        }));
    }

    private Uni<Void> deliver(ClaimedJob job) {
        Instant executedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        long start = System.nanoTime();
        Uni<ActionOutcome> attempt;
        RetryPolicy retries;
        try {
            JsonNode stored = mapper.readTree(job.config());
            retries = defaultRetries().forAction(stored);
            ActionHandler handler = handlers.get(job.actionType());
            Delivery delivery = new Delivery(job, secrets.openConfig(stored,
                    ActionSecrets.settingsPlace(job.ownerId(), job.triggerId(), job.actionPosition())), context(job),
                    secrets.openSigningSecret(job.signingSecret(), job.ownerId(), job.triggerId()));
            attempt = handler == null
                    ? Uni.createFrom().item(ActionOutcome.failed(null, "no handler for " + job.actionType(), null, false, null))
                    : Uni.createFrom().deferred(() -> handler.deliver(delivery));
        } catch (Exception e) {
            retries = defaultRetries();
            // a secret that does not open says which field; nothing else about a failure here is shown
            attempt = Uni.createFrom().item(ActionOutcome.failed(null, "the action cannot be prepared: "
                    + (e instanceof UnreadableSecretException ? e.getMessage() : e.getClass().getSimpleName()), null, false,
                    null));
        }
        RetryPolicy policy = retries;
        return attempt.onFailure().recoverWithItem(ActionOutcome::ofFailure).chain(outcome -> outcome.queued() != null
                ? queue(job, outcome.queued())
                : record(job, outcome, (System.nanoTime() - start) / 1_000_000, executedAt, policy));
    }

    private Uni<Void> record(ClaimedJob job, ActionOutcome outcome, long durationMs, Instant executedAt, RetryPolicy retries) {
        return recorder.record(job, outcome, durationMs, executedAt, retries)
                .invoke(recorded -> {
                    if (recorded.deadLettered()) {
                        LOG.infof("Action job %s (%s) of trigger %s is a dead letter after attempt %d: %s", job.id(),
                                job.actionType(), job.triggerId(), job.attempt(), outcome.error());
                    }
                    if (recorded.disabledTrigger()) {
                        LOG.infof("Trigger %s was disabled: its deliveries kept failing", job.triggerId());
                        index.drop(job.triggerId());
                    }
                })
                .replaceWithVoid();
    }

    /** No attempt was made: the job waits for its send slot (rate limits) as a pending job, attempts unchanged. */
    private Uni<Void> queue(ClaimedJob job, ActionOutcome.Queued queued) {
        return Panache.withTransaction(() -> jobs.queueForSlot(job.id(), job.leaseToken(), queued.slot(),
                queued.claimBeforeMillis())).replaceWithVoid();
    }

    private RetryPolicy defaultRetries() {
        DeliveryConfig.Retry retry = config.retry();
        return RetryPolicy.defaults(retry.maxAttempts(), retry.baseDelay(), retry.maxDelay());
    }

    private ObjectNode context(ClaimedJob job) throws Exception {
        ObjectNode trigger = mapper.createObjectNode().put("id", job.triggerId().toString()).put("name", job.triggerName())
                .put("description", job.triggerDescription());
        ObjectNode firing = mapper.createObjectNode().put("id", job.firingId().toString())
                .put("firedAt", job.firedAt().toString()).put("groupKey", job.groupKey());
        firing.set("matchedConditions", mapper.readTree(job.matchedConditions()));
        ObjectNode event = (ObjectNode) mapper.readTree(job.event());
        event.put("source", job.eventSource());
        return Templates.context(trigger, firing, event);
    }
}
