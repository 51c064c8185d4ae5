package dev.agora.marketplace.notification.consumers;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.common.events.IncomingEvent;
import dev.agora.common.consumer.PoisonEventException;
import dev.agora.marketplace.catalog.model.AgentEvent;
import dev.agora.marketplace.notification.service.NewNotification;
import dev.agora.marketplace.notification.service.NotificationPriority;
import dev.agora.marketplace.notification.service.NotificationService;
import io.smallrye.mutiny.Uni;

/** The agent status change notification, as a projection of {@code agora.agent.status-changed.v1}. */
@ApplicationScoped
public class AgentStatusNotifier {
    public static final String TYPE = "agent_status_change";
    public static final String TITLE = "Agent Status Updated";
    private static final Logger LOG = Logger.getLogger(AgentStatusNotifier.class);

    private final NotificationService notifications;
    private final ObjectMapper mapper;

    public AgentStatusNotifier(NotificationService notifications, ObjectMapper mapper) {
        this.notifications = notifications;
        this.mapper = mapper;
    }

    /** Runs in the consumer's transaction, after the catalog projection. */
    public Uni<Void> onStatusChanged(IncomingEvent incoming, AgentEvent event) {
        String eventId = incoming.id();
        AgentEvent.Snapshot agent = event.agent();
        UUID agentId = event.agentId() != null ? event.agentId() : agent == null ? null : agent.id();
        UUID ownerId = event.ownerId() != null ? event.ownerId() : agent == null ? null : agent.ownerId();
        String name = event.name() != null ? event.name() : agent == null ? null : agent.name();
        if (agentId == null || ownerId == null || name == null || event.newStatus() == null) {
            throw new PoisonEventException("status change " + eventId + " lacks agentId, ownerId, name or newStatus");
        }
        if (event.newStatus().equals(event.oldStatus())) {
            LOG.debugf("Status change %s keeps status %s: nothing to notify", eventId, event.newStatus());
            return Uni.createFrom().voidItem();
        }
        ObjectNode data = mapper.createObjectNode()
                .put("agentId", agentId.toString())
                .put("oldStatus", event.oldStatus())
                .put("newStatus", event.newStatus());
        String message = "Agent \"" + name + "\" status changed from " + event.oldStatus() + " to " + event.newStatus();
        return notifications.create(NewNotification.fromEvent(incoming, ownerId, TYPE, TITLE, message, data,
                NotificationPriority.forAgentStatus(event.newStatus()))).replaceWithVoid();
    }
}
