package dev.agora.marketplace.notification.consumers;

import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.common.events.IncomingEvent;
import dev.agora.marketplace.notification.repository.AgentDirectory;
import dev.agora.marketplace.notification.service.NewNotification;
import dev.agora.marketplace.notification.service.NotificationPriority;
import dev.agora.marketplace.notification.service.NotificationService;
import dev.agora.marketplace.projection.EventProjection;
import io.smallrye.mutiny.Uni;

/**
 * Notifications from {@code deployments.v1} to the agent's owner: a deployment succeeded (medium) or failed (high);
 * the runtime went down (high), degraded (medium) or recovered from either (low). A stop is the owner's own move.
 */
@ApplicationScoped
public class DeploymentNotifications implements EventProjection {
    static final String SUCCEEDED = "agora.deployment.succeeded.v1";
    static final String FAILED = "agora.deployment.failed.v1";
    static final String RUNTIME_STATUS_CHANGED = "agora.agent.runtime-status-changed.v1";

    private final NotificationService notifications;
    private final AgentDirectory agents;
    private final ObjectMapper mapper;

    public DeploymentNotifications(NotificationService notifications, AgentDirectory agents, ObjectMapper mapper) {
        this.notifications = notifications;
        this.agents = agents;
        this.mapper = mapper;
    }

    @Override
    public String topic() {
        return "deployments.v1";
    }

    @Override
    public Set<String> types() {
        return Set.of(SUCCEEDED, FAILED, RUNTIME_STATUS_CHANGED);
    }

    @Override
    public Uni<Void> apply(IncomingEvent event) {
        return RUNTIME_STATUS_CHANGED.equals(event.type()) ? runtime(event) : deployment(event);
    }

    private Uni<Void> deployment(IncomingEvent event) {
        UUID agentId = event.requiredUuid("agentId");
        UUID ownerId = event.requiredUuid("ownerId");
        UUID deploymentId = event.requiredUuid("deploymentId");
        ObjectNode data = mapper.createObjectNode().put("deploymentId", deploymentId.toString())
                .put("agentId", agentId.toString()).put("version", event.data().path("deployment").path("version").asLong());
        String url = event.text("deployment.deploymentUrl");
        String error = event.text("deployment.errorMessage");
        return agents.nameOf(agentId).chain(agent -> {
            NewNotification notification = SUCCEEDED.equals(event.type())
                    ? NewNotification.fromEvent(event, ownerId, "deployment_succeeded", "Deployment succeeded",
                            "Agent " + agent + " is deployed" + (url == null ? "" : " at " + url), data.put("url", url),
                            NotificationPriority.MEDIUM)
                    : NewNotification.fromEvent(event, ownerId, "deployment_failed", "Deployment failed",
                            "The deployment of " + agent + " failed" + (error == null ? "" : ": " + error), data,
                            NotificationPriority.HIGH);
            return notifications.create(notification);
        }).replaceWithVoid();
    }

    private Uni<Void> runtime(IncomingEvent event) {
        UUID agentId = event.requiredUuid("agentId");
        UUID ownerId = event.requiredUuid("ownerId");
        String newStatus = event.requiredText("newStatus");
        String oldStatus = event.text("oldStatus");
        boolean recovered = "healthy".equals(newStatus) && ("down".equals(oldStatus) || "degraded".equals(oldStatus));
        if (!"down".equals(newStatus) && !"degraded".equals(newStatus) && !recovered) {
            return Uni.createFrom().voidItem();
        }
        ObjectNode data = mapper.createObjectNode().put("agentId", agentId.toString())
                .put("deploymentId", event.text("deploymentId")).put("oldStatus", oldStatus).put("newStatus", newStatus);
        return agents.nameOf(agentId).chain(agent -> {
            NewNotification notification = switch (newStatus) {
                case "down" -> NewNotification.fromEvent(event, ownerId, "agent_runtime_down", "Agent is down",
                        "Agent " + agent + " stopped answering heartbeats", data, NotificationPriority.HIGH);
                case "degraded" -> NewNotification.fromEvent(event, ownerId, "agent_runtime_degraded",
                        "Agent is degraded", "Agent " + agent + " reports a degraded runtime", data,
                        NotificationPriority.MEDIUM);
                default -> NewNotification.fromEvent(event, ownerId, "agent_runtime_recovered", "Agent recovered",
                        "Agent " + agent + " is healthy again", data, NotificationPriority.LOW);
            };
            return notifications.create(notification);
        }).replaceWithVoid();
    }
}
