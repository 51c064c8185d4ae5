package dev.agora.bench.runner;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import dev.agora.local.ServiceSpec;
import dev.agora.local.Stack;
import dev.agora.localinfra.Postgres;

/**
 * Target 5: agent-service's outbox relay drains a backlog of waiting rows at ≥ 10,000 events/s, losing nothing and
 * keeping each key's order. The service is stopped, the rows are written straight into its {@code outbox_events}
 * (1,000 keys, each key's events numbered), the service is started again and its relay publishes them; a consumer
 * reads them back from {@code agents.v1}. The rate is measured from the first to the last record's broker timestamp,
 * so the service's start-up does not count.
 */
final class RelayDrain {
    static final String TYPE = "agora.bench.drain.v1";
    private static final String TOPIC = "agents.v1";
    private static final int KEYS = 1_000;

    private RelayDrain() {
    }

    static void run(Report report, Stack stack, int rows) throws Exception {
        report.section("5. Relay: draining " + rows + " waiting outbox rows (agent-service)");
        stack.kill(ServiceSpec.AGENT_SERVICE);
        String run = UUID.randomUUID().toString();
        insertBacklog(stack.postgresPort(), ServiceSpec.AGENT_SERVICE.database(), run, rows);
        try (KafkaConsumer<String, String> consumer = consumer(stack.kafkaBootstrapServers())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            stack.restart(ServiceSpec.AGENT_SERVICE);

            Map<String, Integer> lastPerKey = new HashMap<>();
            Set<Integer> seen = new HashSet<>();
            int reordered = 0;
            int duplicates = 0;
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
            while (seen.size() < rows && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (!record.value().contains(run)) {
                        continue;
                    }
                    int number = number(record.value(), "\"n\":");
                    int perKey = number(record.value(), "\"k\":");
                    if (!seen.add(number)) {
                        duplicates++;
                    }
                    Integer previous = lastPerKey.put(record.key(), perKey);
                    if (previous != null && perKey <= previous) {
                        reordered++;
                    }
                    first = Math.min(first, record.timestamp());
                    last = Math.max(last, record.timestamp());
                }
            }
            int lost = rows - seen.size();
            double seconds = Math.max(1, last - first) / 1000.0;
            double rate = seen.size() / seconds;
            report.line("Published " + seen.size() + " of " + rows + " rows in " + String.format("%.2f", seconds)
                    + " s (first to last broker timestamp): **" + String.format("%.0f", rate) + " events/s**; lost "
                    + lost + ", duplicates " + duplicates + ", out of order within a key " + reordered + ".");
            report.command("RelayDrain rows=" + rows + " keys=" + KEYS + " topic=" + TOPIC + " (agent-service relay)");
            report.verdict("5. relay drain rate", String.format("%.0f", rate) + " events/s", "≥ 10,000/s, none lost or reordered",
                    rate >= 10_000 && lost == 0 && reordered == 0);
        }
    }

    private static void insertBacklog(int port, String database, String run, int rows) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database,
                Postgres.USER, Postgres.PASSWORD)) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("insert into outbox_events"
                    + " (id, topic, event_type, aggregate_id, payload) values (?, ?, ?, ?, ?::jsonb)")) {
                for (int n = 0; n < rows; n++) {
                    String key = "bench-key-" + (n % KEYS);
                    insert.setObject(1, UUID.randomUUID());
                    insert.setString(2, TOPIC);
                    insert.setString(3, TYPE);
                    insert.setString(4, key);
                    insert.setString(5, "{\"run\":\"" + run + "\",\"n\":" + n + ",\"k\":" + n / KEYS + "}");
                    insert.addBatch();
                    if (n % 5_000 == 4_999) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            connection.commit();
        }
    }

    /** The whole number after {@code field} (PostgreSQL's jsonb writes {@code "n": 5}, with a space). */
    private static int number(String json, String field) {
        int start = json.indexOf(field) + field.length();
        while (start < json.length() && json.charAt(start) == ' ') {
            start++;
        }
        int end = start;
        while (end < json.length() && Character.isDigit(json.charAt(end))) {
            end++;
        }
        return Integer.parseInt(json.substring(start, end));
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }
}
