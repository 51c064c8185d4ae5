package dev.agora.common.consumer;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "agora.consumer")
public interface ConsumerConfig {
    /**
     * Retries of a failing projection (each in a fresh transaction) before the event is dead-lettered. A failure of the
     * database (unreachable, restarting, a serialization failure) is retried without limit instead.
     */
    @WithDefault("3")
    int maxRetries();

    @WithDefault("100ms")
    Duration initialBackoff();

    @WithDefault("2s")
    Duration maxBackoff();

    /** The longest wait between attempts while the database is failing: how soon consumption resumes after it is back. */
    @WithDefault("5s")
    Duration transientMaxBackoff();
}
