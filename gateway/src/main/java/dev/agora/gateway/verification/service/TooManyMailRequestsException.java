package dev.agora.gateway.verification.service;

/** An email address or a client address asked for too many mails: 429 with {@code Retry-After}. */
public class TooManyMailRequestsException extends RuntimeException {
    private final long retryAfterSeconds;

    public TooManyMailRequestsException(long retryAfterSeconds) {
        super("too many mails asked for, try again later", null, false, false);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
