package dev.agora.triggers.delivery.service;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code agora.triggers.delivery.*}: the action workers, retries, Telegram and the circuit breaker. */
@ConfigMapping(prefix = "agora.triggers.delivery")
public interface DeliveryConfig {

    /** Deliveries one replica runs at once. */
    @WithDefault("16")
    int workers();

    /**
     * A claimed job is someone else's to deliver again once its lease has passed without a recorded result: its
     * action's own timeout plus {@link #leaseMargin()}, never longer than this.
     */
    @WithDefault("PT10M")
    Duration lease();

    /** What a claim adds to its action's timeout: time to prepare the delivery and record its result. */
    @WithDefault("30s")
    Duration leaseMargin();

    /** How often the workers look for due jobs (used by the scheduler). */
    @WithDefault("1s")
    String pollInterval();

    /** How often attempts are rolled up into the hourly metrics (used by the scheduler). */
    @WithDefault("1m")
    String metricsRollup();

    Retry retry();

    Telegram telegram();

    CircuitBreaker circuitBreaker();

    interface Retry {
        @WithDefault("8")
        int maxAttempts();

        @WithDefault("PT5S")
        Duration baseDelay();

        @WithDefault("PT1H")
        Duration maxDelay();
    }

    interface Telegram {
        @WithDefault("https://api.telegram.org")
        String apiBaseUrl();

        /** Used by telegram actions that carry no botToken of their own. */
        Optional<String> botToken();

        @WithDefault("30")
        int messagesPerSecond();

        @WithDefault("PT1S")
        Duration perChatInterval();
    }

    interface CircuitBreaker {
        @WithDefault("10")
        int failureThreshold();

        @WithDefault("PT1H")
        Duration cooldown();

        /** A trigger whose deliveries have failed without a single success for this long is disabled. */
        @WithDefault("P3D")
        Duration disableAfter();
    }
}
