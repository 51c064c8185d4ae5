package dev.agora.gateway.verification;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Tokens sent by mail (email verification, password reset), the links that carry them, and how often they are sent. */
@ConfigMapping(prefix = "agora.gateway.verification")
public interface VerificationConfig {
    /** The frontend's base URL: mails link to {@code <url>/verify-email#token=…} and {@code <url>/reset-password#token=…}. */
    @WithDefault("http://localhost:3000")
    String frontendUrl();

    /** How long a verification link works. */
    @WithDefault("24h")
    Duration verifyEmailTtl();

    /** How long a password-reset link works. */
    @WithDefault("30m")
    Duration resetPasswordTtl();

    /** Mail requests (password reset, verification resend) accepted per email address within {@link #window()}. */
    @WithDefault("5")
    int perEmail();

    /** Mail requests accepted per client address within {@link #window()}. */
    @WithDefault("20")
    int perAddress();

    @WithDefault("1h")
    Duration window();
}
