package dev.agora.gateway.proxy;

import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Edge rate limits per plan ({@code free}, {@code pro}, {@code enterprise}; {@code anonymous} for public reads
 * without credentials): a token bucket of {@code capacity} requests refilled at {@code refill-per-second}.
 */
@ConfigMapping(prefix = "agora.gateway.rate-limit")
public interface RateLimitConfig {
    @WithDefault("true")
    boolean enabled();

    /** Plan name → its bucket; a plan not listed uses {@code free}. */
    Map<String, Bucket> plans();

    interface Bucket {
        int capacity();

        double refillPerSecond();
    }
}
