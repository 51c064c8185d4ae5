package dev.agora.triggers.delivery.action;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agora.common.problem.FieldError;
import dev.agora.common.retry.Backoff;

/**
 * When a failed delivery is tried again, and after how long. A failure that may pass (HTTP 408, 429 or 5xx, a timeout,
 * a refused or dropped connection) is tried again until {@code maxAttempts} attempts were made; any other failure is
 * final. The wait before attempt n+1 is what the receiver asked for ({@code Retry-After}), else full-jitter
 * exponential backoff: uniform in [0, min(maxDelay, baseDelay · 2^(n-1))]. An action's own {@code retry} settings
 * ({@code maxAttempts} 1-25, {@code baseDelayMs} 10 ms to 1 h, {@code maxDelayMs} 10 ms to 1 day) override the
 * configured defaults.
 */
public record RetryPolicy(int maxAttempts, long baseDelayMillis, long maxDelayMillis) {
    private static final Set<String> SETTINGS = Set.of("maxAttempts", "baseDelayMs", "maxDelayMs");

    public static RetryPolicy defaults(int maxAttempts, Duration baseDelay, Duration maxDelay) {
        return new RetryPolicy(maxAttempts, baseDelay.toMillis(), maxDelay.toMillis());
    }

    /**
     * A new job's {@code max_attempts} in SQL: the action's own setting (in {@code configColumn}, validated) over the
     * default bound to parameter {@code ?defaultParameter}.
     */
    public static String maxAttemptsSql(String configColumn, int defaultParameter) {
        return "coalesce(cast(cast(" + configColumn + " as jsonb) #>> '{retry,maxAttempts}' as integer), cast(?"
                + defaultParameter + " as integer))";
    }

    /** These defaults overridden by the action's own {@code retry} settings. */
    public RetryPolicy forAction(JsonNode actionConfig) {
        JsonNode retry = actionConfig.path("retry");
        int attempts = retry.path("maxAttempts").canConvertToInt() ? retry.path("maxAttempts").intValue() : maxAttempts;
        long base = retry.path("baseDelayMs").canConvertToLong() ? retry.path("baseDelayMs").longValue()
                : baseDelayMillis;
        long cap = retry.path("maxDelayMs").canConvertToLong() ? retry.path("maxDelayMs").longValue() : maxDelayMillis;
        return new RetryPolicy(attempts, base, cap);
    }

    /** Whether an answer with this HTTP status (not one the action expects) is worth another attempt. */
    public static boolean isRetryable(int httpStatus) {
        return httpStatus == 408 || httpStatus == 429 || httpStatus >= 500;
    }

    /** Whether a job allowed {@code maxAttempts} is tried again after its attempt number {@code attempt}. */
    public static boolean triesAgain(ActionOutcome outcome, int attempt, int maxAttempts) {
        return !outcome.success() && outcome.retryable() && attempt < maxAttempts;
    }

    /** The wait before the attempt after {@code attempt}: the receiver's {@code Retry-After} if it sent one. */
    public long delayAfter(int attempt, Long retryAfterMillis) {
        Backoff backoff = new Backoff(baseDelayMillis, Math.max(baseDelayMillis, maxDelayMillis));
        return backoff.delayAfter(attempt, retryAfterMillis);
    }

    /** Checks an action's {@code retry} settings (absent or null: the defaults). */
    public static void validate(JsonNode node, String path, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            errors.add(new FieldError(path, "must be an object {maxAttempts, baseDelayMs, maxDelayMs}"));
            return;
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!SETTINGS.contains(name)) {
                errors.add(new FieldError(path + "." + name, "is not a retry setting"));
            }
        });
        bounded(node.get("maxAttempts"), path + ".maxAttempts", 1, 25, errors);
        bounded(node.get("baseDelayMs"), path + ".baseDelayMs", 10, 3_600_000, errors);
        bounded(node.get("maxDelayMs"), path + ".maxDelayMs", 10, 86_400_000, errors);
    }

    private static void bounded(JsonNode node, String path, long min, long max, List<FieldError> errors) {
        if (node != null && (!node.isIntegralNumber() || node.longValue() < min || node.longValue() > max)) {
            errors.add(new FieldError(path, "must be a whole number from " + min + " to " + max));
        }
    }
}
