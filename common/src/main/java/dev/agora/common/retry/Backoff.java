package dev.agora.common.retry;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: the delay before attempt n+1 is uniform in [0, min(cap, base · 2^(n-1))];
 * a receiver's {@code Retry-After} replaces it.
 */
public record Backoff(long baseMillis, long capMillis) {

    public long delayAfter(int attempt, Long retryAfterMillis) {
        if (retryAfterMillis != null) {
            return retryAfterMillis;
        }
        double ceiling = Math.min((double) capMillis, baseMillis * Math.pow(2, Math.max(0, attempt - 1)));
        return (long) (ThreadLocalRandom.current().nextDouble() * ceiling);
    }
}
