package dev.agora.triggers.delivery.events;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What action delivery publishes on {@code triggers.v1} (record key: the trigger id). */
public final class DeliveryEvents {
    public static final String SUCCEEDED = "agora.action.succeeded.v1";
    public static final String FAILED = "agora.action.failed.v1";
    public static final String DEAD_LETTERED = "agora.action.dead-lettered.v1";
    public static final String NOTIFICATION_REQUESTED = "agora.trigger.notification-requested.v1";
    public static final String CIRCUIT_OPENED = "agora.trigger.circuit-opened.v1";
    public static final String DISABLED = "agora.trigger.disabled.v1";

    private DeliveryEvents() {
    }

    /** One attempt's result; {@code willRetry}: another attempt is scheduled. */
    @RegisterForReflection
    public record ActionAttempt(UUID jobId, UUID actionId, UUID triggerId, UUID ownerId, String triggerName,
            String actionType, int attempt, int maxAttempts, Integer httpStatus, String error, long durationMs,
            boolean willRetry, Instant occurredAt) {
    }

    /** An in-app notification for the trigger's owner, stored and pushed by marketplace-service. */
    @RegisterForReflection
    public record NotificationRequested(UUID notificationId, UUID triggerId, UUID ownerId, UUID firingId, String title,
            String message, String priority, JsonNode data, Instant requestedAt) {
    }

    @RegisterForReflection
    public record CircuitOpened(UUID triggerId, UUID ownerId, String triggerName, int consecutiveFailures,
            Instant openedAt, Instant retryAt) {
    }

    @RegisterForReflection
    public record Disabled(UUID triggerId, UUID ownerId, String triggerName, String reason, Instant disabledAt) {
    }
}
