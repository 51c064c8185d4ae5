package dev.agora.common.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.agora.common.consumer.DeadLetteredException;
import dev.agora.common.events.CloudEventHeaders;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reads this service's dead-letter topics and publishes chosen records again to their source topic, as they were
 * (key, body and CloudEvent headers; the connector's {@code dead-letter-*} headers dropped): every consumer of that
 * topic receives the event again, and those that applied it before skip it by its id. Blocking (Kafka clients): call
 * from a worker thread.
 */
@ApplicationScoped
public class DeadLetters {
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    /** The header a replayed record carries: the dead-letter record it came from ({@code topic/partition/offset}). */
    public static final String REPLAYED_FROM = "agora-replayed-from";
    private static final String DEAD_LETTER_HEADERS = "dead-letter-";
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration DATABASE_TIMEOUT = Duration.ofSeconds(10);
    /** A listing reads at most this many records of a topic (its newest). */
    static final int MAX_READ = 10_000;

    private final String bootstrapServers;
    private final String service;
    private final Set<String> topics;
    private final Pool database;

    public DeadLetters(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "quarkus.application.name") String service, Config config, Pool database) {
        this.bootstrapServers = bootstrapServers;
        this.service = service;
        this.topics = DeadLetterTopics.of(config);
        this.database = database;
    }

    /** The dead-letter topics this service writes to. */
    public Set<String> topics() {
        return topics;
    }

    /** The newest {@code limit} records of {@code topic}, oldest first. */
    public List<DeadLetter> list(String topic, int limit) {
        List<ConsumerRecord<String, byte[]>> records = read(topic);
        Map<Position, Instant> replayed = replayed(topic);
        return records.subList(Math.max(0, records.size() - limit), records.size()).stream()
                .map(record -> view(record, replayed.get(new Position(record.partition(), record.offset())))).toList();
    }

    /**
     * Publishes the chosen records again (or, with {@code all}, each one this service dead-lettered and has not
     * replayed yet) and remembers them as replayed. A position the topic does not hold is refused before anything is
     * published.
     */
    public ReplayResult replay(String topic, Collection<Position> chosen, boolean all) {
        List<ConsumerRecord<String, byte[]>> records = read(topic);
        Map<Position, Instant> replayedBefore = replayed(topic);
        List<ConsumerRecord<String, byte[]>> selected = new ArrayList<>();
        int skipped = 0;
        if (all) {
            for (ConsumerRecord<String, byte[]> record : records) {
                String by = DeadLetteredException.serviceOf(header(record, "dead-letter-reason"));
                if (!service.equals(by)) {
                    continue;
                }
                if (replayedBefore.containsKey(new Position(record.partition(), record.offset()))) {
                    skipped++;
                } else {
                    selected.add(record);
                }
            }
        } else {
            Map<Position, ConsumerRecord<String, byte[]>> byPosition = new HashMap<>();
            records.forEach(record -> byPosition.put(new Position(record.partition(), record.offset()), record));
            int index = 0;
            for (Position position : chosen) {
                ConsumerRecord<String, byte[]> record = byPosition.get(position);
                if (record == null) {
                    throw new UnknownRecord(index, topic, position);
                }
                selected.add(record);
                index++;
            }
        }
        publish(selected);
        Instant now = Instant.now();
        remember(topic, selected);
        return new ReplayResult(topic, selected.stream().map(record -> view(record, now)).toList(), skipped);
    }

    /** A partition and offset of a dead-letter topic. */
    public record Position(int partition, long offset) {
    }

    /** A chosen record the topic does not hold (never written, or past its retention). */
    public static final class UnknownRecord extends RuntimeException {
        private final int index;

        UnknownRecord(int index, String topic, Position position) {
            super(topic + " holds no record at partition " + position.partition() + ", offset " + position.offset(),
                    null, false, false);
            this.index = index;
        }

        public int index() {
            return index;
        }
    }

    private List<ConsumerRecord<String, byte[]>> read(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, service + "-dead-letters-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, KAFKA_TIMEOUT).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, KAFKA_TIMEOUT);
            Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, KAFKA_TIMEOUT);
            long total = 0;
            for (TopicPartition partition : partitions) {
                total += ends.get(partition) - starts.get(partition);
            }
            // the newest MAX_READ records overall: each partition from where its share of the excess ends
            for (TopicPartition partition : partitions) {
                long available = ends.get(partition) - starts.get(partition);
                long skip = total <= MAX_READ ? 0 : (long) Math.ceil(available * (double) (total - MAX_READ) / total);
                consumer.seek(partition, starts.get(partition) + skip);
            }
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + KAFKA_TIMEOUT.toNanos();
            while (!caughtUp(consumer, partitions, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + KAFKA_TIMEOUT);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            records.removeIf(record -> record.offset() >= ends.get(new TopicPartition(topic, record.partition())));
            records.sort((a, b) -> Long.compare(a.timestamp(), b.timestamp()) != 0 ? Long.compare(a.timestamp(), b.timestamp())
                    : a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition()) : Long.compare(a.offset(), b.offset()));
            return records;
        }
    }

    private static boolean caughtUp(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions,
            Map<TopicPartition, Long> ends) {
        for (TopicPartition partition : partitions) {
            if (consumer.position(partition, KAFKA_TIMEOUT) < ends.get(partition)) {
                return false;
            }
        }
        return true;
    }

    private void publish(List<ConsumerRecord<String, byte[]>> records) {
        if (records.isEmpty()) {
            return;
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, service + "-dead-letter-replay-" + UUID.randomUUID());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) KAFKA_TIMEOUT.toMillis());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                String source = header(record, "dead-letter-topic");
                if (source == null) {
                    throw new IllegalStateException(record.topic() + "-" + record.partition() + "@" + record.offset()
                            + " does not say its source topic (no dead-letter-topic header)");
                }
                List<Header> headers = new ArrayList<>();
                for (Header header : record.headers()) {
                    if (!header.key().startsWith(DEAD_LETTER_HEADERS) && !header.key().equals(REPLAYED_FROM)) {
                        headers.add(header);
                    }
                }
                headers.add(new RecordHeader(REPLAYED_FROM, (record.topic() + "/" + record.partition() + "/" + record.offset())
                        .getBytes(StandardCharsets.UTF_8)));
                // the same key, so the same partition of the source topic: the event keeps its place among its key's
                sent.add(producer.send(new ProducerRecord<>(source, null, record.key(), record.value(), headers)));
            }
            for (java.util.concurrent.Future<?> ack : sent) {
                ack.get(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replaying", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the replay", e);
        }
        LOG.infof("Replayed %d dead-lettered records to their source topics", records.size());
    }

    private Map<Position, Instant> replayed(String topic) {
        Map<Position, Instant> replayed = new HashMap<>();
        for (Row row : database.preparedQuery("select partition_no, record_offset, replayed_at from dead_letter_replays"
                + " where topic = $1").execute(Tuple.of(topic)).await().atMost(DATABASE_TIMEOUT)) {
            replayed.put(new Position(row.getInteger("partition_no"), row.getLong("record_offset")),
                    row.getOffsetDateTime("replayed_at").toInstant());
        }
        return replayed;
    }

    private void remember(String topic, List<ConsumerRecord<String, byte[]>> records) {
        if (records.isEmpty()) {
            return;
        }
        List<Tuple> rows = records.stream().map(record -> Tuple.of(topic, record.partition(), record.offset(),
                header(record, CloudEventHeaders.ID))).toList();
        database.preparedQuery("insert into dead_letter_replays (topic, partition_no, record_offset, event_id)"
                + " values ($1, $2, $3, $4) on conflict (topic, partition_no, record_offset) do update set replayed_at = now()")
                .executeBatch(rows).await().atMost(DATABASE_TIMEOUT);
    }

    private static DeadLetter view(ConsumerRecord<String, byte[]> record, Instant replayedAt) {
        String reason = header(record, "dead-letter-reason");
        return new DeadLetter(record.topic(), record.partition(), record.offset(), record.key(),
                header(record, CloudEventHeaders.ID), header(record, CloudEventHeaders.TYPE),
                header(record, "dead-letter-topic"), integer(header(record, "dead-letter-partition")),
                longValue(header(record, "dead-letter-offset")), DeadLetteredException.serviceOf(reason),
                DeadLetteredException.failureOf(reason), header(record, "dead-letter-cause"),
                Instant.ofEpochMilli(record.timestamp()), replayedAt,
                record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Integer integer(String value) {
        try {
            return value == null ? null : Integer.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long longValue(String value) {
        try {
            return value == null ? null : Long.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
