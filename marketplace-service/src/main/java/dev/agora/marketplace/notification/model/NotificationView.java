package dev.agora.marketplace.notification.model;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agora.marketplace.notification.repository.Notification;
import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
public record NotificationView(
        UUID id,
        String type,
        String title,
        String message,
        String priority,
        JsonNode data,
        Instant readAt,
        Instant expiresAt,
        Instant createdAt) {

    public static NotificationView of(Notification notification) {
        return new NotificationView(notification.id, notification.type, notification.title, notification.message,
                notification.priority, notification.data, notification.readAt, notification.expiresAt,
                notification.createdAt);
    }
}
