package dev.agora.bench.runner;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import dev.agora.bench.load.ConstantRateLoad;
import dev.agora.bench.load.ConstantRateLoad.Call;
import dev.agora.local.ServiceSpec;
import dev.agora.local.Stack;
import dev.agora.localinfra.Postgres;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * Target 4: how long an event takes from its writer's transaction to a consumer's projection, against what Kafka
 * alone needs. agent-service takes {@code PATCH /api/agents/{id}} at a constant 500/s for two minutes; each update
 * writes {@code agora.agent.updated.v1} to the outbox, whose {@code occurred_at} (the database clock of the writing
 * transaction) travels as the CloudEvent {@code ce_time}; marketplace-service applies it to the catalog and records it
 * in {@code processed_events} with {@code processed_at} (the database clock of the consumer's transaction). The
 * difference, per event, is the propagation latency. Kafka's own end-to-end latency comes from its
 * {@code EndToEndLatency} tool (kafka-tools) on the same broker with the relay's producer settings.
 */
final class Propagation {
    private static final Pattern P99 = Pattern.compile("99th = ([0-9.]+)");
    private static final String TOPIC = "agents.v1";
    /** Fewer events than a second of the writes drain in milliseconds: a rate from them is noise. */
    private static final int MIN_BACKLOG_FOR_RATE = 500;

    private Propagation() {
    }

    static void run(Report report, Stack stack, Path work, List<String> agentIds, String token, double rate,
            int warmupSeconds, int seconds) throws Exception {
        report.section("4. Propagation: commit in agent-service to projection in marketplace-service");
        Map<String, String> headers = Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json");
        IntFunction<Call> update = descriptionUpdates(agentIds, headers, "propagation probe ");
        IntFunction<Call> warmUpdate = descriptionUpdates(agentIds, headers, "propagation warm-up ");
        // warm-up, discarded: the same load until both services have compiled their paths, then the consumer catches up
        ConstantRateLoad.run(URI.create(stack.options().url(ServiceSpec.AGENT_SERVICE)), rate, warmupSeconds, 32,
                warmUpdate, List.of(200));
        awaitConsumerIdle(stack);
        report.line("Warm-up: " + warmupSeconds + " s at the same rate, discarded; then the consumer caught up.");

        Map<String, Instant> committedAt = new ConcurrentHashMap<>();
        AtomicBoolean reading = new AtomicBoolean(true);
        CountDownLatch positioned = new CountDownLatch(1);
        Thread reader = new Thread(() -> readEventTimes(stack.kafkaBootstrapServers(), committedAt, reading, positioned));
        reader.start();
        // the reader starts at the topic's end: the writes wait for it, or their first events would go unseen
        if (!positioned.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the event time reader could not reach " + TOPIC);
        }
        Instant start = Instant.now();
        ConstantRateLoad.Result load = ConstantRateLoad.run(URI.create(stack.options().url(ServiceSpec.AGENT_SERVICE)),
                rate, seconds, 32, update, List.of(200));
        report.command("ConstantRateLoad PATCH /api/agents/{id} rate=" + rate + "/s duration=" + seconds + "s");
        report.line("Writes: " + load.summary() + ".");

        Instant writesEnded = Instant.now();

        Histogram latencies = new Histogram(Duration.ofMinutes(5).toMillis() * 1000, 3);
        Applied applied = awaitProjections(stack, start, writesEnded, committedAt, latencies,
                load.requests() - load.errors());
        reading.set(false);
        reader.join();
        int missing = applied.missing();
        double p99 = latencies.getValueAtPercentile(99) / 1000.0;
        report.line("Propagation of " + latencies.getTotalCount() + " events: p50 "
                + fmt(latencies.getValueAtPercentile(50) / 1000.0) + " ms, p99 **" + fmt(p99) + " ms**, max "
                + fmt(latencies.getMaxValue() / 1000.0) + " ms; " + missing + " written events not applied in time.");
        if (applied.afterWrites() > 0 && applied.afterWrites() < MIN_BACKLOG_FOR_RATE) {
            report.line("The consumer alone: only " + applied.afterWrites() + " events were left when the writes stopped, "
                    + "too few to measure its own rate.");
        } else if (applied.afterWrites() > 0) {
            report.line("The consumer alone, once the writes had stopped (its CPU no longer shared with the writer): "
                    + applied.afterWrites() + " events applied in " + fmt(applied.afterWritesSeconds()) + " s, "
                    + fmt(applied.afterWrites() / Math.max(applied.afterWritesSeconds(), 0.001)) + " events/s.");
        }

        double kafkaP99 = kafkaEndToEndP99(report, stack.kafkaBootstrapServers(), work);
        report.line("Kafka EndToEndLatency p99 on the same broker: **" + fmt(kafkaP99) + " ms**; target p99 ≤ "
                + fmt(kafkaP99 + 50) + " ms.");
        report.verdict("4. propagation p99", fmt(p99) + " ms", "≤ Kafka p99 (" + fmt(kafkaP99) + " ms) + 50 ms",
                p99 <= kafkaP99 + 50 && missing == 0 && load.errors() <= load.requests() / 100);
    }

    /** Written events never applied; those applied after the writes stopped, and over how long. */
    private record Applied(int missing, long afterWrites, double afterWritesSeconds) {
    }

    /** Waits until marketplace-service has applied every written event (or a minute passed). */
    private static Applied awaitProjections(Stack stack, Instant start, Instant writesEnded,
            Map<String, Instant> committedAt, Histogram latencies, long written) throws SQLException, InterruptedException {
        Map<String, Instant> applied = new ConcurrentHashMap<>();
        Instant deadline = Instant.now().plusSeconds(60);
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + stack.postgresPort()
                + "/" + ServiceSpec.MARKETPLACE_SERVICE.database(), Postgres.USER, Postgres.PASSWORD);
                PreparedStatement select = connection.prepareStatement("select event_id, processed_at from processed_events"
                        + " where topic = ? and event_type = 'agora.agent.updated.v1' and processed_at >= ?")) {
            while (Instant.now().isBefore(deadline)) {
                select.setString(1, TOPIC);
                select.setTimestamp(2, Timestamp.from(start.minusSeconds(5)));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        applied.put(rows.getString(1), rows.getTimestamp(2).toInstant());
                    }
                }
                if (applied.size() >= written && committedAt.keySet().containsAll(applied.keySet())) {
                    break;
                }
                Thread.sleep(1000);
            }
        }
        applied.forEach((id, at) -> {
            Instant committed = committedAt.get(id);
            if (committed != null) {
                long micros = Math.max(0, Duration.between(committed, at).toNanos() / 1000);
                latencies.recordValue(Math.min(micros, latencies.getHighestTrackableValue()));
            }
        });
        long afterWrites = applied.values().stream().filter(at -> at.isAfter(writesEnded)).count();
        Instant last = applied.values().stream().max(Instant::compareTo).orElse(writesEnded);
        double drainSeconds = Math.max(0, Duration.between(writesEnded, last).toMillis() / 1000.0);
        return new Applied((int) Math.max(0, written - latencies.getTotalCount()), afterWrites, drainSeconds);
    }

    private static void readEventTimes(String bootstrap, Map<String, Instant> committedAt, AtomicBoolean reading,
            CountDownLatch positioned) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            positioned.countDown();
            while (reading.get()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    Header id = record.headers().lastHeader("ce_id");
                    Header time = record.headers().lastHeader("ce_time");
                    if (id != null && time != null) {
                        committedAt.put(new String(id.value(), StandardCharsets.UTF_8),
                                Instant.parse(new String(time.value(), StandardCharsets.UTF_8)));
                    }
                }
            }
        }
    }

    /** Kafka's own p99 (ms) with the outbox relay's producer settings: acks=all, idempotence, linger 1 ms. */
    private static double kafkaEndToEndP99(Report report, String bootstrap, Path work)
            throws IOException, InterruptedException {
        Path settings = work.resolve("e2e-producer.properties");
        Files.writeString(settings, "enable.idempotence=true\nlinger.ms=1\nmax.in.flight.requests.per.connection=5\n");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.apache.kafka.tools.EndToEndLatency", bootstrap,
                "bench.e2e", "10000", "all", "1024", settings.toString()));
        Path log = work.resolve("kafka-e2e.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("EndToEndLatency failed; see " + log);
        }
        report.command(String.join(" ", command).replace(System.getProperty("java.class.path"), "<bench classpath>"));
        String output = Files.readString(log);
        Matcher p99 = P99.matcher(output);
        if (!p99.find()) {
            throw new IllegalStateException("EndToEndLatency printed no 99th percentile; see " + log);
        }
        output.lines().filter(line -> line.startsWith("Avg latency") || line.startsWith("Percentiles"))
                .forEach(line -> report.line("- EndToEndLatency: " + line));
        return Double.parseDouble(p99.group(1));
    }

    /** The n-th call changes the description of agent n (round robin): every call writes one event. */
    private static IntFunction<Call> descriptionUpdates(List<String> agentIds, Map<String, String> headers, String text) {
        return n -> new Call(HttpMethod.PATCH, "/api/agents/" + agentIds.get(n % agentIds.size()), headers,
                Buffer.buffer("{\"description\":\"" + text + n + "\"}"));
    }

    /** Waits (at most 10 minutes) until marketplace-service has applied nothing new for 5 seconds. */
    static void awaitConsumerIdle(Stack stack) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:"
                + stack.postgresPort() + "/" + ServiceSpec.MARKETPLACE_SERVICE.database(), Postgres.USER, Postgres.PASSWORD);
                Statement statement = connection.createStatement()) {
            long previous = -1;
            int stable = 0;
            Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
            while (stable < 5 && Instant.now().isBefore(deadline)) {
                try (ResultSet count = statement.executeQuery("select count(*) from processed_events")) {
                    count.next();
                    long applied = count.getLong(1);
                    stable = applied == previous ? stable + 1 : 0;
                    previous = applied;
                }
                Thread.sleep(1000);
            }
        }
    }

    private static String fmt(double value) {
        return String.format("%.1f", value);
    }
}
