package dev.agora.marketplace.notification.service;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A notification to create. The id is derived from the event that caused it and the recipient, so the same event
 * applied twice (a redelivery that got past processed_events, or a rebuild) never notifies twice.
 */
public record NewNotification(UUID id, UUID userId, String type, String title, String message, ObjectNode data,
        String priority) {

    public static NewNotification fromEvent(String eventId, UUID userId, String type, String title, String message,
            ObjectNode data, String priority) {
        UUID id = UUID.nameUUIDFromBytes((eventId + "/" + userId).getBytes(StandardCharsets.UTF_8));
        return new NewNotification(id, userId, type, title, message, data, priority);
    }
}
