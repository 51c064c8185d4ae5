package dev.agora.deployments.runtime.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.agora.common.events.Topics;
import dev.agora.common.outbox.OutboxWriter;
import dev.agora.common.outbox.WithOutboxTransaction;
import dev.agora.common.problem.ProblemException;
import dev.agora.deployments.agentref.repository.KnownAgent;
import dev.agora.deployments.agentref.repository.KnownAgentRepository;
import dev.agora.deployments.runtime.events.RuntimeEvents;
import dev.agora.deployments.runtime.repository.AgentRuntime;
import dev.agora.deployments.runtime.repository.AgentRuntimeRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * A deployed agent's runtime status: {@code healthy}/{@code degraded} as its heartbeats say, {@code down} once
 * {@code agora.runtime.missed-heartbeats} heartbeat intervals pass without one, {@code stopped} when its deployment
 * is stopped. Every change is published as {@code agora.agent.runtime-status-changed.v1}.
 */
@ApplicationScoped
public class RuntimeStatusService {
    public static final String HEALTHY = "healthy";
    public static final String DEGRADED = "degraded";
    public static final String DOWN = "down";
    public static final String STOPPED = "stopped";
    private static final Set<String> REPORTABLE = Set.of(HEALTHY, DEGRADED);

    private final AgentRuntimeRepository runtimes;
    private final KnownAgentRepository agents;
    private final OutboxWriter outbox;
    private final double silentSeconds;

    public RuntimeStatusService(AgentRuntimeRepository runtimes, KnownAgentRepository agents, OutboxWriter outbox,
            @ConfigProperty(name = "agora.runtime.heartbeat-interval", defaultValue = "30s") java.time.Duration interval,
            @ConfigProperty(name = "agora.runtime.missed-heartbeats", defaultValue = "3") int missed) {
        this.runtimes = runtimes;
        this.agents = agents;
        this.outbox = outbox;
        this.silentSeconds = interval.toMillis() * missed / 1000.0;
    }

    @RegisterForReflection
    public record RuntimeView(UUID agentId, UUID deploymentId, String runtimeStatus, Instant lastHeartbeatAt) {
        static RuntimeView of(AgentRuntime r) {
            return new RuntimeView(r.agentId, r.deploymentId, r.runtimeStatus, r.lastHeartbeatAt);
        }
    }

    @WithOutboxTransaction
    public Uni<RuntimeView> heartbeat(KnownAgent agent, String status, UUID deploymentId) {
        String reported = status == null ? HEALTHY : status;
        if (!REPORTABLE.contains(reported)) {
            throw ProblemException.badRequest("status", "must be healthy or degraded");
        }
        Instant now = now();
        return runtimes.findById(agent.id).chain(existing -> {
            AgentRuntime runtime = existing != null ? existing : new AgentRuntime();
            String old = existing == null ? null : existing.runtimeStatus;
            runtime.agentId = agent.id;
            runtime.deploymentId = deploymentId;
            runtime.lastHeartbeatAt = now;
            boolean changed = !reported.equals(old);
            if (changed) {
                runtime.runtimeStatus = reported;
                runtime.changedAt = now;
            }
            Uni<AgentRuntime> saved = existing == null ? runtimes.persistAndFlush(runtime)
                    : runtimes.flush().replaceWith(runtime);
            return saved.call(r -> changed ? announce(r, agent, old) : Uni.createFrom().voidItem());
        }).map(RuntimeView::of);
    }

    /** In the caller's transaction: the agent's runtime becomes stopped, when it was running this deployment. */
    public Uni<Void> markStopped(UUID agentId, UUID deploymentId) {
        return runtimes.findById(agentId).chain(runtime -> {
            if (runtime == null || STOPPED.equals(runtime.runtimeStatus)
                    || (runtime.deploymentId != null && !runtime.deploymentId.equals(deploymentId))) {
                return Uni.createFrom().voidItem();
            }
            String old = runtime.runtimeStatus;
            runtime.runtimeStatus = STOPPED;
            runtime.changedAt = now();
            return runtimes.flush().chain(() -> agents.findById(agentId)).chain(agent -> announce(runtime, agent, old))
                    .replaceWithVoid();
        });
    }

    /** Marks down every live agent silent for too long; returns how many. */
    @WithOutboxTransaction
    public Uni<Integer> markSilentAgentsDown() {
        return runtimes.lockSilent(silentSeconds, 100).chain(silent -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (AgentRuntime runtime : silent) {
                chain = chain.chain(() -> agents.findById(runtime.agentId).chain(agent -> {
                    String old = runtime.runtimeStatus;
                    runtime.runtimeStatus = DOWN;
                    runtime.changedAt = now();
                    return Panache.getSession().chain(session -> session.flush())
                            .chain(() -> announce(runtime, agent, old));
                }).replaceWithVoid());
            }
            return chain.replaceWith(silent.size());
        });
    }

    /** Nothing is announced about an agent this service does not know. */
    private Uni<Void> announce(AgentRuntime runtime, KnownAgent agent, String old) {
        if (agent == null) {
            return Uni.createFrom().voidItem();
        }
        return outbox.append(Topics.DEPLOYMENTS, RuntimeEvents.RUNTIME_STATUS_CHANGED, runtime.agentId,
                new RuntimeEvents.RuntimeStatusChanged(runtime.agentId, agent.ownerId, runtime.deploymentId, old,
                        runtime.runtimeStatus, runtime.changedAt), agent.audience()).replaceWithVoid();
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
