package dev.agora.gateway.auth;

import java.time.Duration;
import java.util.Optional;

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

    /** Lifetime of the internal token the edge forwards for an API key or an external identity provider's token. */
    @WithDefault("5m")
    Duration internalTokenTtl();

    /**
     * How long a replica reuses an API key lookup (and the internal token minted for it): a revoked key, or a
     * changed membership, is seen at most this much later; lastUsedAt is written once per lookup.
     */
    @WithDefault("30s")
    Duration apiKeyCacheTtl();

    /**
     * Key rotation: the public half of the key tokens were signed with before the current one; published in the
     * JWKS and accepted by {@code kid} until its tokens have expired (read by {@code SigningKeys}).
     */
    Optional<String> previousPublicKeyLocation();

    /**
     * How long after the user proved their password (the access token's {@code auth_time}) a sensitive operation —
     * creating an API key, deleting the account — is allowed without sending the password again.
     */
    @WithDefault("5m")
    Duration freshAuthMaxAge();

    /** bcrypt work factor (log2 rounds), at least 10. */
    @WithDefault("12")
    int bcryptCost();
}
