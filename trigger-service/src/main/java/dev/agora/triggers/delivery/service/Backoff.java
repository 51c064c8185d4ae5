package dev.agora.triggers.delivery.service;

import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Exponential backoff with full jitter: the delay before attempt n+1 is uniform in [0, min(cap, base · 2^(n-1))];
 * a receiver's {@code Retry-After} replaces it.
 */
public record Backoff(long baseMillis, long capMillis) {

    /** The action's {@code retry} settings over the configured defaults. */
    public static Backoff of(JsonNode config, DeliveryConfig.Retry defaults) {
        JsonNode retry = config.path("retry");
        long base = retry.path("baseDelayMs").canConvertToLong() ? retry.path("baseDelayMs").longValue()
                : defaults.baseDelay().toMillis();
        long cap = retry.path("maxDelayMs").canConvertToLong() ? retry.path("maxDelayMs").longValue()
                : defaults.maxDelay().toMillis();
        return new Backoff(base, Math.max(base, cap));
    }

    public long delayAfter(int attempt, Long retryAfterMillis) {
        if (retryAfterMillis != null) {
            return retryAfterMillis;
        }
        double ceiling = Math.min((double) capMillis, baseMillis * Math.pow(2, Math.max(0, attempt - 1)));
        return (long) (ThreadLocalRandom.current().nextDouble() * ceiling);
    }
}
