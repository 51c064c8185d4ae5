package dev.agora.gateway.auth;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "agora.gateway.auth")
public interface AuthConfig {
    /** Lifetime of an access token (the {@code exp} claim and {@code expiresIn}). */
    @WithDefault("15m")
    Duration accessTokenTtl();

    /** Lifetime of a refresh token; every rotation starts a new one. */
    @WithDefault("30d")
    Duration refreshTokenTtl();

    /** bcrypt work factor (log2 rounds), at least 10. */
    @WithDefault("12")
    int bcryptCost();
}
