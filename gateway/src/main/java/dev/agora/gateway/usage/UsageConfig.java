package dev.agora.gateway.usage;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "agora.gateway.usage")
public interface UsageConfig {
    @WithDefault("true")
    boolean enabled();

    @WithDefault("usage.v1")
    String topic();

    /** Records are handed to Kafka this often: the most a crashed gateway can lose. */
    @WithDefault("1s")
    Duration flushInterval();

    /** Past this many unsent records, new ones are dropped (and counted) rather than growing the heap. */
    @WithDefault("20000")
    int maxQueued();
}
