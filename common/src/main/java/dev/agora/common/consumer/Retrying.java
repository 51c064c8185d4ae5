package dev.agora.common.consumer;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import dev.agora.common.retry.TransientFailures;
import io.smallrye.mutiny.Uni;

/**
 * How applying one event is tried again, by the kind of failure:
 * <ul>
 * <li>poison ({@link PoisonEventException}): never; the event is dead-lettered at once;</li>
 * <li>the infrastructure's ({@link TransientFailures}: the database unreachable or restarting, a connection lost, a
 * serialization failure, a lock timeout): without limit, with a capped backoff, the topic reported as paused meanwhile
 * ({@link ConsumerPauses}); the event is not at fault, and holding it keeps the partition's order;</li>
 * <li>any other: {@link ConsumerConfig#maxRetries()} times, then the event is dead-lettered.</li>
 * </ul>
 * Once the application is stopping, a failed attempt is not tried again and the event is neither acknowledged nor
 * dead-lettered: its offset stays uncommitted, so it is delivered again after the restart (a pool closing under a
 * consumer fails every statement, and those failures say nothing about the event).
 */
final class Retrying {
    private static final Logger LOG = Logger.getLogger(Retrying.class);
    /** A wait this long is logged again at this period, not on every attempt. */
    private static final long REPORT_EVERY_NANOS = Duration.ofSeconds(30).toNanos();

    private final ConsumerConfig config;
    private final ConsumerPauses pauses;
    private final BooleanSupplier stopping;

    Retrying(ConsumerConfig config, ConsumerPauses pauses, BooleanSupplier stopping) {
        this.config = config;
        this.pauses = pauses;
        this.stopping = stopping;
    }

    /** {@code attempt} subscribed on {@code onContext}, again as the failure calls for; fails when it gives up. */
    Uni<Void> apply(String topic, String what, Supplier<Uni<Void>> attempt, Executor onContext) {
        return next(new Attempts(topic, what, attempt, onContext));
    }

    private Uni<Void> next(Attempts attempts) {
        return Uni.createFrom().deferred(attempts.attempt::get).runSubscriptionOn(attempts.onContext)
                .onItem().invoke(() -> attempts.done(pauses, true))
                .onFailure().recoverWithUni(failure -> afterFailure(attempts, failure));
    }

    private Uni<Void> afterFailure(Attempts attempts, Throwable failure) {
        if (stopping.getAsBoolean()) {
            LOG.infof("Leaving %s of %s unacknowledged while stopping (%s): it is delivered again after the restart",
                    attempts.what, attempts.topic, failure.toString());
            return Uni.createFrom().nothing();
        }
        if (failure instanceof PoisonEventException) {
            attempts.done(pauses, false);
            return Uni.createFrom().failure(failure);
        }
        if (TransientFailures.isTransient(failure)) {
            attempts.transientFailures++;
            pauses.waiting(attempts.topic, failure);
            attempts.report(failure);
            return later(delay(attempts.transientFailures, config.transientMaxBackoff()))
                    .chain(() -> next(attempts));
        }
        if (attempts.failures >= config.maxRetries()) {
            attempts.done(pauses, false);
            return Uni.createFrom().failure(failure);
        }
        attempts.failures++;
        return later(delay(attempts.failures, config.maxBackoff())).chain(() -> next(attempts));
    }

    /** Exponential from the initial backoff up to {@code cap}, the upper half jittered. */
    private Duration delay(int attempt, Duration cap) {
        double ceiling = Math.min(cap.toMillis(), config.initialBackoff().toMillis() * Math.pow(2, Math.min(30, attempt - 1)));
        return Duration.ofMillis((long) (ceiling / 2 + ThreadLocalRandom.current().nextDouble() * ceiling / 2));
    }

    private static Uni<Void> later(Duration delay) {
        return Uni.createFrom().voidItem().onItem().delayIt().by(delay);
    }

    /** One event's attempts so far. */
    private static final class Attempts {
        final String topic;
        final String what;
        final Supplier<Uni<Void>> attempt;
        final Executor onContext;
        int failures;
        int transientFailures;
        long reportedAt;

        Attempts(String topic, String what, Supplier<Uni<Void>> attempt, Executor onContext) {
            this.topic = topic;
            this.what = what;
            this.attempt = attempt;
            this.onContext = onContext;
        }

        void report(Throwable failure) {
            long now = System.nanoTime();
            if (transientFailures == 1 || now - reportedAt >= REPORT_EVERY_NANOS) {
                reportedAt = now;
                LOG.warnf("Consumption of %s waits: %s could not be applied (%s); trying again until it can (attempt %d)",
                        topic, what, failure.toString(), transientFailures);
            }
        }

        void done(ConsumerPauses pauses, boolean applied) {
            if (transientFailures > 0) {
                pauses.resumed(topic);
                LOG.infof("Consumption of %s resumes: %s %s after %d attempts", topic, what,
                        applied ? "applied" : "given up", transientFailures + failures + 1);
                transientFailures = 0;
            }
        }
    }
}
