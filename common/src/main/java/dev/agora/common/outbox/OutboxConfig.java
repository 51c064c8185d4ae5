package dev.agora.common.outbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "agora.outbox")
public interface OutboxConfig {
    /** Turn the relay off (e.g. in a replica that should only serve reads). */
    @WithDefault("true")
    boolean enabled();

    /** The {@code ce_source} of every event this service publishes, e.g. {@code /agent-service}. */
    String source();

    /** Rows published per round trip. */
    @WithDefault("500")
    int batchSize();

    /** Fallback poll for rows whose commit did not wake the relay (another replica, a crash). */
    @WithDefault("250ms")
    Duration pollInterval();

    /** How often a replica that is not the relay tries to become it. */
    @WithDefault("2s")
    Duration leadershipRetry();
}
