package dev.agora.common.outbox;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The outbox's health in numbers: rows waiting, age of the oldest, events published and failed batches.
 * The backlog is measured by a cheap periodic query so that a stuck relay shows even when nothing is published.
 */
@ApplicationScoped
public class OutboxMetrics {
    private static final Logger LOG = Logger.getLogger(OutboxMetrics.class);
    private static final String BACKLOG = "select count(*) as waiting,"
            + " coalesce(extract(epoch from now() - min(occurred_at)), 0) as oldest_seconds from outbox_events";
    private static final Duration MEASURE_EVERY = Duration.ofSeconds(5);

    private final MeterRegistry registry;
    private final Pool pool;
    private final Vertx vertx;
    private final AtomicLong waiting = new AtomicLong();
    private final AtomicLong oldestMillis = new AtomicLong();
    private long timer = -1;

    public OutboxMetrics(MeterRegistry registry, Pool pool, Vertx vertx) {
        this.registry = registry;
        this.pool = pool;
        this.vertx = vertx;
        Gauge.builder("agora.outbox.backlog", waiting, AtomicLong::get)
                .description("Outbox rows not yet published").register(registry);
        Gauge.builder("agora.outbox.oldest.age.seconds", oldestMillis, millis -> millis.get() / 1000.0)
                .description("Age of the oldest unpublished outbox row").register(registry);
    }

    void start(@Observes StartupEvent ignored) {
        measure();
        timer = vertx.setPeriodic(MEASURE_EVERY.toMillis(), id -> measure());
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    void published(String topic, int count) {
        Counter.builder("agora.outbox.published").description("Events the relay published and deleted from the outbox")
                .tag("topic", topic).register(registry).increment(count);
    }

    void publishFailed() {
        Counter.builder("agora.outbox.publish.failures").description("Outbox batches Kafka did not acknowledge (retried)")
                .register(registry).increment();
    }

    private void measure() {
        pool.query(BACKLOG).execute().subscribe().with(rows -> {
            var row = rows.iterator().next();
            waiting.set(row.getLong("waiting"));
            oldestMillis.set(Math.round(row.getNumeric("oldest_seconds").doubleValue() * 1000));
        }, failure -> LOG.debugf("Could not measure the outbox backlog: %s", failure.getMessage()));
    }
}
