package dev.agora.marketplace.notification.consumers;

import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.common.events.IncomingEvent;
import dev.agora.marketplace.notification.service.NewNotification;
import dev.agora.marketplace.notification.service.NotificationPriority;
import dev.agora.marketplace.notification.service.NotificationService;
import dev.agora.marketplace.projection.EventProjection;
import io.smallrye.mutiny.Uni;

/**
 * Notifications from {@code triggers.v1} to the trigger's owner: in-app notifications a trigger's action requested
 * (kept under the requested notificationId, so a re-sent request is one notification), a circuit opened after
 * consecutive failures, a trigger disabled, an action dead-lettered.
 */
@ApplicationScoped
public class TriggerNotifications implements EventProjection {
    static final String NOTIFICATION_REQUESTED = "agora.trigger.notification-requested.v1";
    static final String CIRCUIT_OPENED = "agora.trigger.circuit-opened.v1";
    static final String DISABLED = "agora.trigger.disabled.v1";
    static final String DEAD_LETTERED = "agora.action.dead-lettered.v1";
    private static final int TITLE_LENGTH = 255;

    private final NotificationService notifications;
    private final ObjectMapper mapper;

    public TriggerNotifications(NotificationService notifications, ObjectMapper mapper) {
        this.notifications = notifications;
        this.mapper = mapper;
    }

    @Override
    public String topic() {
        return "triggers.v1";
    }

    @Override
    public Set<String> types() {
        return Set.of(NOTIFICATION_REQUESTED, CIRCUIT_OPENED, DISABLED, DEAD_LETTERED);
    }

    @Override
    public Uni<Void> apply(IncomingEvent event) {
        return switch (event.type()) {
            case NOTIFICATION_REQUESTED -> requested(event);
            case CIRCUIT_OPENED -> circuitOpened(event);
            case DISABLED -> disabled(event);
            default -> deadLettered(event);
        };
    }

    private Uni<Void> requested(IncomingEvent event) {
        UUID id = event.requiredUuid("notificationId");
        UUID ownerId = event.requiredUuid("ownerId");
        String priority = event.requiredText("priority");
        if (!Set.of(NotificationPriority.LOW, NotificationPriority.MEDIUM, NotificationPriority.HIGH,
                NotificationPriority.CRITICAL).contains(priority)) {
            throw event.poison("has an unknown priority " + priority);
        }
        ObjectNode data = mapper.createObjectNode();
        JsonNode requested = event.data().path("data");
        if (requested.isObject()) {
            data.setAll((ObjectNode) requested);
        }
        data.put("triggerId", event.requiredUuid("triggerId").toString()).put("firingId", event.text("firingId"));
        String title = event.requiredText("title");
        return notifications.create(NewNotification.withId(event, id, ownerId, "trigger_notification",
                title.length() > TITLE_LENGTH ? title.substring(0, TITLE_LENGTH) : title, event.requiredText("message"),
                data, priority)).replaceWithVoid();
    }

    private Uni<Void> circuitOpened(IncomingEvent event) {
        ObjectNode data = triggerData(event).put("consecutiveFailures", event.requiredLong("consecutiveFailures"))
                .put("retryAt", event.text("retryAt"));
        String message = "Trigger \"" + event.requiredText("triggerName") + "\" is paused after "
                + event.requiredLong("consecutiveFailures") + " consecutive failures"
                + (event.text("retryAt") == null ? "" : "; it retries at " + event.text("retryAt"));
        return notifications.create(NewNotification.fromEvent(event, event.requiredUuid("ownerId"),
                "trigger_circuit_opened", "Trigger paused", message, data, NotificationPriority.HIGH)).replaceWithVoid();
    }

    private Uni<Void> disabled(IncomingEvent event) {
        String reason = event.text("reason");
        ObjectNode data = triggerData(event).put("reason", reason);
        String message = "Trigger \"" + event.requiredText("triggerName") + "\" was disabled"
                + (reason == null ? "" : ": " + reason);
        return notifications.create(NewNotification.fromEvent(event, event.requiredUuid("ownerId"),
                "trigger_disabled", "Trigger disabled", message, data, NotificationPriority.HIGH)).replaceWithVoid();
    }

    private Uni<Void> deadLettered(IncomingEvent event) {
        boolean willRetry = event.data().path("willRetry").asBoolean(false);
        String error = event.text("error");
        ObjectNode data = triggerData(event).put("actionId", event.text("actionId")).put("jobId", event.text("jobId"))
                .put("actionType", event.text("actionType")).put("attempt", event.data().path("attempt").asLong())
                .put("willRetry", willRetry);
        String message = "The " + event.requiredText("actionType") + " action of trigger \""
                + event.requiredText("triggerName") + "\" failed (attempt " + event.data().path("attempt").asLong() + " of "
                + event.data().path("maxAttempts").asLong() + ")" + (error == null ? "" : ": " + error);
        return notifications.create(NewNotification.fromEvent(event, event.requiredUuid("ownerId"),
                "trigger_action_failed", "Trigger action failed", message, data,
                willRetry ? NotificationPriority.MEDIUM : NotificationPriority.HIGH)).replaceWithVoid();
    }

    private ObjectNode triggerData(IncomingEvent event) {
        return mapper.createObjectNode().put("triggerId", event.requiredUuid("triggerId").toString());
    }
}
