package dev.agora.localinfra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A real single-node Apache Kafka broker (KRaft, broker and controller in one) running as its own
 * java process, from the classpath this module wrote at build time.
 */
public final class KafkaBroker implements AutoCloseable {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private final Process process;
    private final int port;
    private final Path logFile;

    private KafkaBroker(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    /** A throw-away broker on free ports, with its data in a temporary folder. */
    public static KafkaBroker startTemporary() {
        try {
            Path dir = Files.createTempDirectory("agora-kafka-");
            dir.toFile().deleteOnExit();
            return start(dir, FreePorts.next(), FreePorts.next(), 3);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a broker keeping its data in {@code dir} (formatted on first use, reused afterwards).
     *
     * @param partitions default partition count of auto-created topics
     */
    public static KafkaBroker start(Path dir, int port, int controllerPort, int partitions) {
        try {
            Files.createDirectories(dir);
            Path data = dir.resolve("data");
            Path config = dir.resolve("server.properties");
            Files.writeString(config, serverProperties(data, port, controllerPort, partitions));
            Path log = dir.resolve("broker.log");
            String classpath = classpath();
            if (!Files.exists(data.resolve("meta.properties"))) {
                run(List.of(JAVA, "-Xmx128m", "-cp", classpath, "kafka.tools.StorageTool", "format", "--standalone",
                        "--cluster-id=" + clusterId(), "-c", config.toString()), log);
            }
            List<String> command = new ArrayList<>(List.of(JAVA, "-Xms32m", "-Xmx160m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true", "-cp", classpath, "kafka.Kafka", config.toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            KafkaBroker broker = new KafkaBroker(process, port, log);
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
            broker.awaitReady(Duration.ofSeconds(60));
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** Ends the broker at once (SIGKILL), as a crashed node: nothing flushed, no controlled shutdown. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka broker exited with " + process.exitValue() + ":\n" + tail(logFile));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                pause();
            }
        }
        close();
        throw new IllegalStateException("Kafka broker not ready after " + timeout + ":\n" + tail(logFile));
    }

    private static String serverProperties(Path data, int port, int controllerPort, int partitions) {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + data,
                "num.partitions=" + partitions,
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "default.replication.factor=1",
                "min.insync.replicas=1",
                "group.initial.rebalance.delay.ms=0",
                "log.cleaner.dedupe.buffer.size=8388608",
                "num.network.threads=2",
                "num.io.threads=2",
                "") ;
    }

    private static String classpath() throws IOException {
        try (InputStream in = KafkaBroker.class.getResourceAsStream("/agora/kafka-broker.classpath")) {
            if (in == null) {
                throw new IllegalStateException("agora/kafka-broker.classpath missing: build local-infra with Maven first");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }

    private static String clusterId() {
        // A Kafka cluster id is 16 bytes, base64url without padding (22 characters).
        UUID uuid = UUID.randomUUID();
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    private static void run(List<String> command, Path log) throws IOException {
        Process format = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!format.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new IllegalStateException("formatting Kafka storage failed:\n" + tail(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
