package dev.agora.marketplace.notification.service;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.common.events.Audience;
import dev.agora.common.events.IncomingEvent;

/**
 * A notification to create. The id is derived from the event that caused it and the recipient, so the same event
 * applied twice (a redelivery that got past processed_events, or a rebuild) never notifies twice. {@code audience} is
 * the causing event's: a notification goes only to someone the event names (or to anyone, for a public event).
 */
public record NewNotification(UUID id, UUID userId, String type, String title, String message, ObjectNode data,
        String priority, Audience audience) {

    public static NewNotification fromEvent(IncomingEvent event, UUID userId, String type, String title, String message,
            ObjectNode data, String priority) {
        return withId(event, UUID.nameUUIDFromBytes((event.id() + "/" + userId).getBytes(StandardCharsets.UTF_8)),
                userId, type, title, message, data, priority);
    }

    /** With an id the event chose (a trigger's requested notification carries its own). */
    public static NewNotification withId(IncomingEvent event, UUID id, UUID userId, String type, String title,
            String message, ObjectNode data, String priority) {
        return new NewNotification(id, userId, type, title, message, data, priority, event.audience());
    }

    /** Whether the causing event may be shown to the recipient. */
    public boolean recipientInAudience() {
        return audience.names(userId);
    }
}
