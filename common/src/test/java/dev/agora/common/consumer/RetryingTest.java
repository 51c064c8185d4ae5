package dev.agora.common.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;

class RetryingTest {
    private static final String TOPIC = "agents.v1";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ConsumerPauses pauses = new ConsumerPauses(registry);
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Retrying retrying = new Retrying(config(3), pauses, stopping::get);
    private final AtomicInteger attempts = new AtomicInteger();

    @Test
    void waitsOutADatabaseOutageFarLongerThanTheRetryLimitAndReportsThePauseMeanwhile() {
        AtomicBoolean pausedWhileFailing = new AtomicBoolean();
        Uni<Void> applied = retrying.apply(TOPIC, "event 1", () -> {
            if (attempts.incrementAndGet() <= 20) {
                pausedWhileFailing.set(attempts.get() == 1 || pauses.current().containsKey(TOPIC));
                return Uni.createFrom().failure(new ConnectException("Connection refused"));
            }
            return Uni.createFrom().voidItem();
        }, Runnable::run);

        applied.await().atMost(Duration.ofSeconds(10));

        assertEquals(21, attempts.get());
        assertTrue(pausedWhileFailing.get());
        assertTrue(pauses.current().isEmpty(), "resumed once applied");
        double paused = registry.get("agora.consumer.paused").tag("topic", TOPIC).functionCounter().count();
        assertTrue(paused > 0, "paused time counted: " + paused);
    }

    @Test
    void treatsASerializationFailureAsTransient() {
        Uni<Void> applied = retrying.apply(TOPIC, "event 1", () -> attempts.incrementAndGet() <= 6
                ? Uni.createFrom().failure(new PgException("could not serialize access", "ERROR", "40001", null))
                : Uni.createFrom().voidItem(), Runnable::run);

        applied.await().atMost(Duration.ofSeconds(10));

        assertEquals(7, attempts.get());
    }

    @Test
    void givesUpOnAnyOtherFailureAfterTheConfiguredRetries() {
        Throwable failure = failureOf(retrying.apply(TOPIC, "event 1", () -> {
            attempts.incrementAndGet();
            return Uni.createFrom().failure(new IllegalStateException("a bug"));
        }, Runnable::run));

        assertInstanceOf(IllegalStateException.class, failure);
        assertEquals(4, attempts.get());
    }

    @Test
    void deadLettersPoisonAtOnce() {
        Throwable failure = failureOf(retrying.apply(TOPIC, "event 1", () -> {
            attempts.incrementAndGet();
            return Uni.createFrom().failure(new PoisonEventException("not JSON"));
        }, Runnable::run));

        assertInstanceOf(PoisonEventException.class, failure);
        assertEquals(1, attempts.get());
    }

    @Test
    void countsFailuresOfEachKindApartSoAnOutageDoesNotUseUpTheRetriesOfABug() {
        Throwable failure = failureOf(retrying.apply(TOPIC, "event 1", () -> attempts.incrementAndGet() % 2 == 1
                ? Uni.createFrom().failure(new ConnectException("Connection refused"))
                : Uni.createFrom().failure(new IllegalStateException("a bug")), Runnable::run));

        assertInstanceOf(IllegalStateException.class, failure);
        assertEquals(8, attempts.get(), "4 failures of the projection, each after a transient one");
        assertTrue(pauses.current().isEmpty());
    }

    @Test
    void leavesTheEventUnsettledOnceStoppingSoThatItIsDeliveredAgainAfterTheRestart() {
        Uni<Void> applied = retrying.apply(TOPIC, "event 1", () -> {
            attempts.incrementAndGet();
            stopping.set(true);
            return Uni.createFrom().failure(new IllegalStateException("Session closed"));
        }, Runnable::run);

        // neither acknowledged nor dead-lettered: the attempt never completes, and is not made again
        assertThrows(TimeoutException.class, () -> applied.await().atMost(Duration.ofMillis(500)));
        assertEquals(1, attempts.get());
    }

    private static Throwable failureOf(Uni<Void> uni) {
        return uni.onItem().<Throwable>transform(nothing -> null).onFailure().recoverWithItem(f -> f)
                .await().atMost(Duration.ofSeconds(10));
    }

    private static ConsumerConfig config(int maxRetries) {
        return new ConsumerConfig() {
            @Override
            public int maxRetries() {
                return maxRetries;
            }

            @Override
            public Duration initialBackoff() {
                return Duration.ofMillis(2);
            }

            @Override
            public Duration maxBackoff() {
                return Duration.ofMillis(20);
            }

            @Override
            public Duration transientMaxBackoff() {
                return Duration.ofMillis(20);
            }
        };
    }
}
