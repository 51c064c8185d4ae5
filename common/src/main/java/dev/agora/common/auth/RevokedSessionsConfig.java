package dev.agora.common.auth;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How ended sign-in sessions reach every replica ({@link RevokedSessions}, {@link RevokedSessionStore}). */
@ConfigMapping(prefix = "agora.auth.revoked-sessions")
public interface RevokedSessionsConfig {
    /** How often a replica reads the revocations other replicas (or consumers) recorded: the propagation bound. */
    @WithDefault("1s")
    Duration refreshInterval();

    /**
     * How long a revocation is kept: at least the access-token lifetime (15 min) plus the clock skew verifiers allow
     * (60 s); past it, every token of the session has expired anyway.
     */
    @WithDefault("16m")
    Duration retention();

    /** How often expired revocations are deleted from the table and forgotten. */
    @WithDefault("1m")
    Duration purgeInterval();
}
