package dev.agora.agents.agent.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.agents.agent.events.AgentEventLog;
import dev.agora.agents.agent.repository.Agent;
import dev.agora.agents.agent.repository.AgentRepository;
import dev.agora.common.events.IncomingEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * What other services' events do to agents, inside the idempotent consumer's transaction (each change publishes
 * its agents.v1 event through the outbox like a request would):
 * <ul>
 * <li>{@code agora.user.deleted.v1}: every live agent of the user is soft-deleted;</li>
 * <li>deployment started → {@code deploying}, succeeded → {@code active} with its URL, failed → {@code failed},
 * stopped → {@code inactive}; {@code agora.agent.runtime-status-changed.v1} → {@code runtimeStatus}.</li>
 * </ul>
 * Deployment-service is the authority on where a deployment stands, so its outcomes apply whatever the current
 * status (the owner's state machine does not constrain them). Events about unknown or deleted agents change nothing.
 */
@ApplicationScoped
public class AgentLifecycle {
    public static final String USER_DELETED = "agora.user.deleted.v1";
    public static final String DEPLOYMENT_STARTED = "agora.deployment.started.v1";
    public static final String DEPLOYMENT_SUCCEEDED = "agora.deployment.succeeded.v1";
    public static final String DEPLOYMENT_FAILED = "agora.deployment.failed.v1";
    public static final String DEPLOYMENT_STOPPED = "agora.deployment.stopped.v1";
    public static final String RUNTIME_STATUS_CHANGED = "agora.agent.runtime-status-changed.v1";
    public static final Set<String> IDENTITY_TYPES = Set.of(USER_DELETED);
    public static final Set<String> DEPLOYMENT_TYPES = Set.of(DEPLOYMENT_STARTED, DEPLOYMENT_SUCCEEDED,
            DEPLOYMENT_FAILED, DEPLOYMENT_STOPPED, RUNTIME_STATUS_CHANGED);

    private final AgentRepository agents;
    private final AgentEventLog events;

    public AgentLifecycle(AgentRepository agents, AgentEventLog events) {
        this.agents = agents;
        this.events = events;
    }

    public Uni<Void> onIdentityEvent(IncomingEvent event) {
        UUID userId = event.requiredUuid("userId");
        return agents.liveOwnedBy(userId).chain(owned -> {
            if (owned.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            owned.forEach(agent -> {
                agent.status = AgentStatus.DELETED;
                agent.updatedAt = AgentService.now();
            });
            return agents.flush().chain(() -> Multi.createFrom().iterable(owned)
                    .onItem().transformToUniAndConcatenate(events::deleted)
                    .collect().last())
                    .replaceWithVoid();
        });
    }

    public Uni<Void> onDeploymentEvent(IncomingEvent event) {
        UUID agentId = event.requiredUuid("agentId");
        String status;
        String runtimeStatus = null;
        String deploymentUrl = null;
        switch (event.type()) {
            case DEPLOYMENT_STARTED -> status = AgentStatus.DEPLOYING;
            case DEPLOYMENT_SUCCEEDED -> {
                status = AgentStatus.ACTIVE;
                deploymentUrl = event.text("deployment.deploymentUrl");
            }
            case DEPLOYMENT_FAILED -> status = AgentStatus.FAILED;
            case DEPLOYMENT_STOPPED -> status = AgentStatus.INACTIVE;
            default -> {
                status = null;
                runtimeStatus = event.requiredText("newStatus");
            }
        }
        String newStatus = status;
        String newRuntimeStatus = runtimeStatus;
        String newUrl = deploymentUrl;
        String runtimeTokenHash = event.text("deployment.runtimeTokenHash");
        return agents.findLive(agentId).chain(agent -> {
            if (agent == null) {
                return Uni.createFrom().voidItem();
            }
            rememberRuntimeToken(agent, event.type(), runtimeTokenHash);
            String oldStatus = agent.status;
            List<String> changed = new ArrayList<>();
            if (newStatus != null && !newStatus.equals(agent.status)) {
                agent.status = newStatus;
                changed.add("status");
            }
            if (newUrl != null && !newUrl.equals(agent.deploymentUrl)) {
                agent.deploymentUrl = newUrl;
                changed.add("deploymentUrl");
            }
            if (newRuntimeStatus != null && !Objects.equals(newRuntimeStatus, agent.runtimeStatus)) {
                agent.runtimeStatus = newRuntimeStatus;
                changed.add("runtimeStatus");
            }
            if (changed.isEmpty()) {
                return agents.flush().replaceWithVoid();
            }
            agent.updatedAt = AgentService.now();
            return agents.flush().chain(() -> changed.contains("status")
                    ? events.statusChanged(agent, oldStatus)
                    : events.updated(agent, List.copyOf(changed)))
                    .replaceWithVoid();
        });
    }

    /**
     * The runtime token of the agent's current deployment (its hash) lets the deployed agent pull its hired work: set
     * when a deployment starts or succeeds, forgotten when that deployment fails or stops. Not an agent change anyone
     * is told about: it is never shown or published.
     */
    private static void rememberRuntimeToken(Agent agent, String type, String runtimeTokenHash) {
        if (runtimeTokenHash == null) {
            return;
        }
        if (DEPLOYMENT_STARTED.equals(type) || DEPLOYMENT_SUCCEEDED.equals(type)) {
            agent.runtimeTokenHash = runtimeTokenHash;
        } else if ((DEPLOYMENT_FAILED.equals(type) || DEPLOYMENT_STOPPED.equals(type))
                && runtimeTokenHash.equals(agent.runtimeTokenHash)) {
            agent.runtimeTokenHash = null;
        }
    }
}
