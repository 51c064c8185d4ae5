package dev.agora.common.consumer;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "agora.consumer")
public interface ConsumerConfig {
    /** Retries of a failing projection (each in a fresh transaction) before the event is dead-lettered. */
    @WithDefault("3")
    int maxRetries();

    @WithDefault("100ms")
    Duration initialBackoff();

    @WithDefault("2s")
    Duration maxBackoff();
}
