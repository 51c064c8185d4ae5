package dev.agora.gateway.proxy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * One service's circuit: after {@code threshold} consecutive failures (refused, timed out or broken exchanges)
 * it opens, and requests are answered 503 at once instead of waiting on a service that is down. After the
 * cool-down one trial request goes through (half-open): success closes the circuit, failure opens it again.
 */
final class CircuitBreaker {
    private final int threshold;
    private final long coolDownMillis;
    private final LongSupplier clock;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicBoolean trialUnderway = new AtomicBoolean();
    private volatile long openUntil;

    CircuitBreaker(int threshold, Duration coolDown) {
        this(threshold, coolDown, System::currentTimeMillis);
    }

    CircuitBreaker(int threshold, Duration coolDown, LongSupplier clock) {
        this.threshold = threshold;
        this.coolDownMillis = coolDown.toMillis();
        this.clock = clock;
    }

    /** Whether a request may go to the service now. */
    boolean allows() {
        if (consecutiveFailures.get() < threshold) {
            return true;
        }
        if (clock.getAsLong() < openUntil) {
            return false;
        }
        // half-open: a single trial
        return trialUnderway.compareAndSet(false, true);
    }

    void succeeded() {
        consecutiveFailures.set(0);
        trialUnderway.set(false);
    }

    void failed() {
        if (consecutiveFailures.incrementAndGet() >= threshold) {
            openUntil = clock.getAsLong() + coolDownMillis;
        }
        trialUnderway.set(false);
    }

    /**
     * A request whose caller hung up before the answer came, so the gateway reset the exchange itself: it says nothing
     * about the service, counts neither way, and frees the trial if it was the one.
     */
    void abandoned() {
        trialUnderway.set(false);
    }

    boolean isOpen() {
        return consecutiveFailures.get() >= threshold && clock.getAsLong() < openUntil;
    }
}
