package dev.agora.gateway.usage;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.common.events.Audience;
import dev.agora.common.events.CloudEventHeaders;
import dev.agora.gateway.auth.service.EdgePrincipal;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * Usage records, off the request path: a request only appends to an in-memory queue; every
 * {@code flush-interval} a worker hands the queued records to a Kafka producer (which batches them further) as
 * CloudEvents (binary mode) on {@code usage.v1}. Not transactional: a gateway that dies loses what was queued
 * since the last flush (at most {@code flush-interval} of traffic, plus the producer's unsent batch); a full queue
 * drops new records and counts them. A graceful shutdown flushes first.
 */
@Singleton
public class UsageRecorder {
    private static final Logger LOG = Logger.getLogger(UsageRecorder.class);

    private final UsageConfig config;
    private final Vertx vertx;
    private final ObjectMapper mapper;
    private final String bootstrapServers;
    private final Queue<UsageRecord> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private volatile KafkaProducer<String, byte[]> producer;

    public UsageRecorder(UsageConfig config, Vertx vertx, ObjectMapper mapper,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.config = config;
        this.vertx = vertx;
        this.mapper = mapper;
        this.bootstrapServers = bootstrapServers;
    }

    void start(@Observes StartupEvent started) {
        if (config.enabled()) {
            vertx.setPeriodic(config.flushInterval().toMillis(),
                    ignored -> vertx.executeBlocking(() -> {
                        flush();
                        return null;
                    }, false));
        }
    }

    /** Never blocks and never fails the request. */
    public void record(UsageRecord record) {
        if (!config.enabled()) {
            return;
        }
        if (queued.incrementAndGet() > config.maxQueued()) {
            queued.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        queue.add(record);
    }

    synchronized void flush() {
        long lost = dropped.getAndSet(0);
        if (lost > 0) {
            LOG.warnf("Dropped %d usage records: the queue was full (Kafka too slow or down)", lost);
        }
        if (queue.isEmpty()) {
            return;
        }
        List<UsageRecord> batch = new ArrayList<>();
        UsageRecord next;
        while ((next = queue.poll()) != null) {
            queued.decrementAndGet();
            batch.add(next);
        }
        try {
            KafkaProducer<String, byte[]> kafka = producer();
            for (UsageRecord record : batch) {
                kafka.send(toKafka(record), (metadata, failure) -> {
                    if (failure != null) {
                        LOG.debugf(failure, "A usage record was not published");
                    }
                });
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "Could not publish %d usage records", batch.size());
        }
    }

    @PreDestroy
    void close() {
        if (!config.enabled()) {
            return;
        }
        flush();
        KafkaProducer<String, byte[]> kafka = producer;
        if (kafka != null) {
            kafka.close(java.time.Duration.ofSeconds(5));
        }
    }

    private ProducerRecord<String, byte[]> toKafka(UsageRecord record) {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        List<Header> headers = new ArrayList<>(
                CloudEventHeaders.of(UUID.randomUUID(), UsageRecord.TYPE, "/gateway", null, Instant.now()));
        headers.add(new RecordHeader(Audience.HEADER, audience(record).toJson().getBytes(StandardCharsets.UTF_8)));
        return new ProducerRecord<>(config.topic(), null,
                record.principal() == null ? "anonymous" : record.principal(), body, headers);
    }

    /** A user's usage is theirs to see; anything else (anonymous, organizations, runtimes) is nobody's. */
    private static Audience audience(UsageRecord record) {
        if (!EdgePrincipal.USER.equals(record.principalType()) || record.principal() == null) {
            return Audience.nobody();
        }
        try {
            return Audience.users(UUID.fromString(record.principal()));
        } catch (IllegalArgumentException e) {
            return Audience.nobody();
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        KafkaProducer<String, byte[]> kafka = producer;
        if (kafka == null) {
            Properties properties = new Properties();
            properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            properties.put(ProducerConfig.CLIENT_ID_CONFIG, "gateway-usage");
            // usage is statistics: one broker acknowledgement is enough, and batching matters more than latency
            properties.put(ProducerConfig.ACKS_CONFIG, "1");
            properties.put(ProducerConfig.LINGER_MS_CONFIG, "50");
            properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
            properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(TimeUnit.SECONDS.toMillis(5)));
            kafka = new KafkaProducer<>(properties);
            producer = kafka;
        }
        return kafka;
    }
}
