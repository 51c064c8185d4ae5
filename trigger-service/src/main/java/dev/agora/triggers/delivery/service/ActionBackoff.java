package dev.agora.triggers.delivery.service;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agora.common.retry.Backoff;

/** The backoff of an action's deliveries: its {@code retry} settings over the configured defaults. */
final class ActionBackoff {
    private ActionBackoff() {
    }

    static Backoff of(JsonNode config, DeliveryConfig.Retry defaults) {
        JsonNode retry = config.path("retry");
        long base = retry.path("baseDelayMs").canConvertToLong() ? retry.path("baseDelayMs").longValue()
                : defaults.baseDelay().toMillis();
        long cap = retry.path("maxDelayMs").canConvertToLong() ? retry.path("maxDelayMs").longValue()
                : defaults.maxDelay().toMillis();
        return new Backoff(base, Math.max(base, cap));
    }
}
