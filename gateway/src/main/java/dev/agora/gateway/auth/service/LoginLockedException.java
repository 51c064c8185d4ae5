package dev.agora.gateway.auth.service;

import java.time.Duration;

/** Too many failed sign-ins for the account or the client address: 429 with {@code Retry-After}. */
public class LoginLockedException extends RuntimeException {
    private final Duration retryAfter;

    public LoginLockedException(Duration retryAfter) {
        super("too many failed sign-ins, try again later", null, false, false);
        this.retryAfter = retryAfter;
    }

    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
