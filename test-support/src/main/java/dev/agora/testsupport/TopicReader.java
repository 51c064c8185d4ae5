package dev.agora.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Reads a topic from the beginning like an outside subscriber would, and writes raw records into one. */
public final class TopicReader implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final List<Received> seen = new ArrayList<>();

    /** A received record with its headers decoded as UTF-8. */
    public record Received(String topic, String key, String value, Map<String, String> headers, long offset) {
        public String header(String name) {
            return headers.get(name);
        }
    }

    public TopicReader(String bootstrapServers, String... topics) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of(topics));
    }

    /** A reader of the test broker's topics (the {@code kafka.bootstrap.servers} of the running test). */
    public static TopicReader of(String... topics) {
        return new TopicReader(TestEvents.bootstrapServers(), topics);
    }

    /** Polls until a record matches, or fails after the timeout. */
    public Received await(Predicate<Received> match, Duration timeout) {
        List<Received> found = awaitCount(match, 1, timeout);
        return found.get(0);
    }

    /** Polls until at least {@code count} records match, and returns every match seen so far. */
    public List<Received> awaitCount(Predicate<Received> match, int count, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            List<Received> matches = seen.stream().filter(match).toList();
            if (matches.size() >= count) {
                return matches;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("expected " + count + " matching records within " + timeout + ", saw "
                        + matches.size() + " matching of " + seen.size() + ": " + seen);
            }
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                Map<String, String> headers = new HashMap<>();
                for (Header header : record.headers()) {
                    headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
                }
                seen.add(new Received(record.topic(), record.key(), record.value(), headers, record.offset()));
            }
        }
    }

    /** Sends one raw record (for poison-event and redelivery tests) and waits for the broker's ack. */
    public static void send(String bootstrapServers, String topic, String key, String value, Map<String, String> headers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        sendAll(bootstrapServers, topic, List.of(new Outgoing(key, value, headers)));
    }

    /** A record to send with {@link #sendAll}. */
    public record Outgoing(String key, String value, Map<String, String> headers) {
    }

    /**
     * Sends the records in one go, in order, and waits for the broker's acks: they reach the broker together, so a
     * consumer polling the topic finds them in one or two polls.
     */
    public static void sendAll(String bootstrapServers, String topic, List<Outgoing> records) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 50);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            List<Future<?>> sent = new ArrayList<>();
            for (Outgoing record : records) {
                List<Header> recordHeaders = new ArrayList<>();
                record.headers().forEach((name, value) -> recordHeaders.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
                sent.add(producer.send(new ProducerRecord<>(topic, null, record.key(), record.value(), recordHeaders)));
            }
            producer.flush();
            for (Future<?> ack : sent) {
                ack.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not send to " + topic, e);
        }
    }

    /** The headers of a CloudEvent in binary mode, for {@link #send}. */
    public static Map<String, String> cloudEvent(String id, String type, String subject) {
        return Map.of("ce_specversion", "1.0", "ce_id", id, "ce_type", type, "ce_source", "/test",
                "ce_subject", subject, "ce_time", Instant.now().toString(), "content-type", "application/json");
    }

    /** The same headers with {@code ce_audience}: who may see the event, as JSON. */
    public static Map<String, String> cloudEvent(String id, String type, String subject, String audience) {
        Map<String, String> headers = new java.util.LinkedHashMap<>(cloudEvent(id, type, subject));
        headers.put("ce_audience", audience);
        return headers;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
