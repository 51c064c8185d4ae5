package dev.agora.gateway.proxy;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "agora.gateway.proxy")
public interface ProxyConfig {
    /** An upstream that sends nothing for this long is given up on: 504 if it had not answered yet. */
    @WithDefault("30s")
    Duration timeout();

    @WithDefault("5s")
    Duration connectTimeout();

    /** Verified bearer tokens remembered (each until it expires, at most 5 minutes), so a token is checked once. */
    @WithDefault("10000")
    int tokenCacheSize();

    /** A request announcing a larger body ({@code Content-Length}) is refused with 413 before it is read. */
    @WithDefault("10485760")
    long maxBodyBytes();

    /** Consecutive failures of a service that open its circuit (requests then get 503 at once). */
    @WithDefault("5")
    int circuitFailureThreshold();

    /** How long an open circuit stays open before a trial request is let through. */
    @WithDefault("10s")
    Duration circuitCoolDown();

    /** Pooled connections per upstream service. */
    @WithDefault("100")
    int maxConnectionsPerUpstream();
}
