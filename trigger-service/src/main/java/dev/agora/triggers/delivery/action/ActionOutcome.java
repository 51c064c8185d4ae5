package dev.agora.triggers.delivery.action;

import java.time.Instant;

import dev.agora.common.outbound.GuardedHttp;

/**
 * What one attempt came to. {@code retryable}: a failure worth another attempt (5xx, 408, 429, timeout, connection);
 * {@code retryAfterMillis}: the delay the receiver asked for, or null. {@code notification}: an event to publish with the
 * result (in-app notification actions), or null. {@code queued}: no attempt was made, the job waits for a later send
 * slot (rate limits), or null.
 */
public record ActionOutcome(boolean success, Integer httpStatus, String error, String responseExcerpt, boolean retryable,
        Long retryAfterMillis, Object notification, Queued queued) {

    /** The send slot the job keeps, and how long before it the job is to be claimed again. */
    public record Queued(Instant slot, long claimBeforeMillis) {
    }

    public static ActionOutcome succeeded(Integer httpStatus, String response) {
        return new ActionOutcome(true, httpStatus, null, response, false, null, null, null);
    }

    public static ActionOutcome succeeded(Object notification) {
        return new ActionOutcome(true, null, null, null, false, null, notification, null);
    }

    public static ActionOutcome failed(Integer httpStatus, String error, String response, boolean retryable,
            Long retryAfterMillis) {
        return new ActionOutcome(false, httpStatus, error, response, retryable, retryAfterMillis, null, null);
    }

    public static ActionOutcome queued(Instant slot, long claimBeforeMillis) {
        return new ActionOutcome(false, null, null, null, false, null, null, new Queued(slot, claimBeforeMillis));
    }

    /** An HTTP answer judged by the expected codes; an unexpected one is retried as {@link RetryPolicy} says. */
    public static ActionOutcome ofHttp(GuardedHttp.Reply reply, java.util.function.IntPredicate expected) {
        int status = reply.status();
        if (expected.test(status)) {
            return succeeded(status, reply.body());
        }
        boolean retryable = RetryPolicy.isRetryable(status);
        return failed(status, "unexpected HTTP status " + status, reply.body(), retryable,
                retryable ? RetryAfter.millis(reply.header("Retry-After")) : null);
    }

    public static ActionOutcome ofFailure(Throwable failure) {
        if (failure instanceof GuardedHttp.RequestFailed request) {
            return failed(null, request.getMessage(), null, request.retryable(), null);
        }
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return failed(null, "delivery failed: " + message, null, true, null);
    }
}
