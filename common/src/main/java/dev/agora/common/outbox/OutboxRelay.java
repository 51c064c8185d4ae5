package dev.agora.common.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.agora.common.events.Audience;
import dev.agora.common.events.CloudEventHeaders;
import dev.agora.common.events.TraceContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Publishes outbox rows to Kafka in {@code seq} order and deletes them once every record of the batch
 * is acknowledged (idempotent producer, acks=all): at-least-once, and consumers dedupe by {@code ce_id}.
 * <p>
 * Only one replica relays at a time: the one holding a PostgreSQL advisory lock on a dedicated
 * connection, which it also uses for its own reads and deletes. Losing that connection (the backend
 * was terminated, the database restarted) drops leadership; every replica keeps trying to take it.
 * The relay is woken after each committing outbox transaction and also polls, for rows that no
 * wake-up announced (written by another replica, or left behind by a crash).
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final String SELECT_BATCH = "select seq, id, topic, event_type, aggregate_id, payload::text as payload, occurred_at, trace_parent, audience"
            + " from outbox_events order by seq limit $1";
    private static final String DELETE_PUBLISHED = "delete from outbox_events where seq = any($1)";

    private final Pool pool;
    private final Vertx vertx;
    private final OutboxConfig config;
    private final OutboxMetrics metrics;
    private final MeterRegistry registry;
    private final String bootstrapServers;
    private final long lockKey;

    private final AtomicBoolean acquiring = new AtomicBoolean();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile SqlConnection leaderConnection;
    private volatile KafkaProducer<String, byte[]> producer;
    private KafkaClientMetrics producerMetrics;
    private volatile boolean stopped;
    private long pollTimer = -1;
    private long leadershipTimer = -1;

    public OutboxRelay(Pool pool, Vertx vertx, OutboxConfig config, OutboxMetrics metrics, MeterRegistry registry,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.pool = pool;
        this.vertx = vertx;
        this.config = config;
        this.metrics = metrics;
        this.registry = registry;
        this.bootstrapServers = bootstrapServers;
        this.lockKey = ("agora-outbox-relay:" + config.source()).hashCode();
    }

    void start(@Observes StartupEvent ignored) {
        if (!config.enabled()) {
            LOG.info("Outbox relay disabled by configuration");
            return;
        }
        producer = new KafkaProducer<>(producerProperties());
        producerMetrics = new KafkaClientMetrics(producer);
        producerMetrics.bindTo(registry);
        tryToLead();
        leadershipTimer = vertx.setPeriodic(config.leadershipRetry().toMillis(), id -> tryToLead());
        pollTimer = vertx.setPeriodic(config.pollInterval().toMillis(), id -> wake());
    }

    void stop(@Observes ShutdownEvent ignored) {
        stopped = true;
        if (pollTimer >= 0) {
            vertx.cancelTimer(pollTimer);
            vertx.cancelTimer(leadershipTimer);
        }
        SqlConnection connection = leaderConnection;
        leaderConnection = null;
        if (connection != null) {
            // Closing only returns the connection to the pool, which would keep the lock: release it first.
            connection.preparedQuery("select pg_advisory_unlock($1)").execute(Tuple.of(lockKey))
                    .onItemOrFailure().call(connection::close)
                    .await().atMost(Duration.ofSeconds(2));
        }
        if (producer != null) {
            producerMetrics.close();
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Ask for a drain as soon as possible. Cheap, coalescing and safe to call from any thread. */
    public void wake() {
        pending.set(true);
        if (leaderConnection != null && !stopped && draining.compareAndSet(false, true)) {
            drain();
        }
    }

    public boolean isLeader() {
        return leaderConnection != null;
    }

    private void tryToLead() {
        if (stopped || leaderConnection != null || !acquiring.compareAndSet(false, true)) {
            return;
        }
        pool.getConnection()
                .flatMap(connection -> connection.preparedQuery("select pg_try_advisory_lock($1)").execute(Tuple.of(lockKey))
                        .map(rows -> rows.iterator().next().getBoolean(0))
                        .flatMap(locked -> locked ? Uni.createFrom().item(lead(connection))
                                : connection.close().replaceWith(false))
                        .onFailure().call(connection::close))
                .subscribe().with(
                        leading -> {
                            acquiring.set(false);
                            if (leading) {
                                LOG.infof("Outbox relay of %s is leading", config.source());
                                wake();
                            }
                        },
                        failure -> {
                            acquiring.set(false);
                            LOG.debugf("Outbox relay could not try the leadership lock: %s", failure.getMessage());
                        });
    }

    private boolean lead(SqlConnection connection) {
        leaderConnection = connection;
        connection.closeHandler(() -> {
            if (leaderConnection == connection) {
                leaderConnection = null;
                LOG.warn("Outbox relay lost its database connection and with it the leadership");
            }
        });
        return true;
    }

    private void drain() {
        pending.set(false);
        SqlConnection connection = leaderConnection;
        if (connection == null || stopped) {
            draining.set(false);
            return;
        }
        connection.preparedQuery(SELECT_BATCH).execute(Tuple.of(config.batchSize()))
                .flatMap(rows -> rows.size() == 0 ? Uni.createFrom().item(0) : publish(rows)
                        .flatMap(published -> connection.preparedQuery(DELETE_PUBLISHED).execute(Tuple.of(published.seqs()))
                                .invoke(() -> published.countByTopic().forEach(metrics::published))
                                .replaceWith(published.seqs().length)))
                .subscribe().with(
                        count -> {
                            if (count == config.batchSize()) {
                                drain();
                            } else {
                                finishDrain();
                            }
                        },
                        failure -> {
                            // Nothing was deleted: the whole batch is retried at the next wake-up or poll.
                            LOG.warnf("Outbox relay could not publish a batch, will retry: %s", failure.toString());
                            metrics.publishFailed();
                            draining.set(false);
                        });
    }

    private void finishDrain() {
        draining.set(false);
        if (pending.get() && draining.compareAndSet(false, true)) {
            drain();
        }
    }

    /** Sends on a worker thread: send() may block while the broker is unreachable. */
    /** The rows Kafka acknowledged: their seq numbers, and how many per topic. */
    private record Published(Long[] seqs, Map<String, Integer> countByTopic) {
    }

    private Uni<Published> publish(RowSet<Row> rows) {
        List<Row> batch = new ArrayList<>(rows.size());
        rows.forEach(batch::add);
        return Uni.createFrom().item(() -> sendAndAwaitAcks(batch))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Published sendAndAwaitAcks(List<Row> batch) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
        Long[] seqs = new Long[batch.size()];
        Map<String, Integer> countByTopic = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            Row row = batch.get(i);
            seqs[i] = row.getLong("seq");
            countByTopic.merge(row.getString("topic"), 1, Integer::sum);
            acks.add(producer.send(toRecord(row)));
        }
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka acknowledgements", e);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not acknowledge the batch", e);
        }
        return new Published(seqs, countByTopic);
    }

    private ProducerRecord<String, byte[]> toRecord(Row row) {
        String key = row.getString("aggregate_id");
        OffsetDateTime occurredAt = row.getOffsetDateTime("occurred_at");
        Instant time = occurredAt == null ? Instant.now() : occurredAt.toInstant();
        List<Header> headers = new ArrayList<>(
                CloudEventHeaders.of(row.getUUID("id"), row.getString("event_type"), config.source(), key, time));
        String audience = row.getString("audience");
        if (audience != null) {
            headers.add(new RecordHeader(Audience.HEADER, audience.getBytes(StandardCharsets.UTF_8)));
        }
        String traceParent = row.getString("trace_parent");
        if (traceParent != null) {
            headers.add(new RecordHeader(TraceContext.HEADER, traceParent.getBytes(StandardCharsets.UTF_8)));
        }
        return new ProducerRecord<>(row.getString("topic"), null, key,
                row.getString("payload").getBytes(StandardCharsets.UTF_8), headers);
    }

    private Properties producerProperties() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay" + config.source().replace('/', '-') + "-" + UUID.randomUUID());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }
}
