package dev.agora.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import dev.agora.common.keys.InstallationKeys;
import dev.agora.localinfra.CuttableLink;
import dev.agora.localinfra.FreePorts;
import dev.agora.localinfra.KafkaBroker;
import dev.agora.localinfra.Postgres;

/**
 * The whole suite as real processes: PostgreSQL (embedded binaries, one database per service), a Kafka
 * broker (KRaft, its own JVM) and the five service jars with lean JVM flags, all on loopback unless the options bind
 * the services elsewhere, with the installation's own keys (generated on the first start). Used by ./run.sh and by
 * the system tests, which also kill and restart single services.
 */
public final class Stack implements AutoCloseable {
    public static final List<String> TOPICS = List.of("identity.v1", "agents.v1", "deployments.v1", "marketplace.v1",
            "triggers.v1", "usage.v1");

    private final StackOptions options;
    private final Map<ServiceSpec, Process> processes = new EnumMap<>(ServiceSpec.class);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Postgres postgres;
    private KafkaBroker kafka;
    private CuttableLink databaseLink;
    private ServiceLaunch launch;

    private Stack(StackOptions options) {
        this.options = options;
    }

    /** Starts everything and returns once every service answers UP on /q/health/ready (its management port). */
    public static Stack start(StackOptions options) {
        Stack stack = new Stack(options);
        try {
            stack.startInfrastructure();
            for (ServiceSpec service : options.services()) {
                stack.launch(service);
            }
            for (ServiceSpec service : options.services()) {
                stack.awaitReady(service, Duration.ofSeconds(180));
            }
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    public StackOptions options() {
        return options;
    }

    public String gatewayUrl() {
        return options.url(ServiceSpec.GATEWAY);
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public int postgresPort() {
        return postgres.port();
    }

    /** The operating-system process id of a running service (to pin it to another CPU, say). */
    public long pid(ServiceSpec service) {
        Process process = processes.get(service);
        if (process == null) {
            throw new IllegalStateException(service.module() + " is not running");
        }
        return process.pid();
    }

    /** Ends one service at once, like a crashed pod (SIGKILL): no shutdown hooks, no offset commit. */
    public void kill(ServiceSpec service) {
        Process process = processes.remove(service);
        if (process != null) {
            process.destroyForcibly();
            waitFor(process, 15);
        }
    }

    /** Starts a service again (after {@link #kill}) and waits until it is ready. */
    public void restart(ServiceSpec service) {
        kill(service);
        launch(service);
        awaitReady(service, Duration.ofSeconds(180));
    }

    /** Stops a service as Kubernetes stops a pod (SIGTERM, its shutdown runs), starts it again and waits until ready. */
    public void restartGracefully(ServiceSpec service) {
        Process process = processes.remove(service);
        if (process != null) {
            process.destroy();
            waitFor(process, 60);
        }
        launch(service);
        awaitReady(service, Duration.ofSeconds(180));
    }

    /** Freezes a service (SIGSTOP): a stalled process, not a dead one; {@link #resume} thaws it. */
    public void pause(ServiceSpec service) {
        signal(service, "STOP");
    }

    public void resume(ServiceSpec service) {
        signal(service, "CONT");
    }

    private void signal(ServiceSpec service, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid(service))).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + service.module() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Ends the Kafka broker at once (SIGKILL); {@link #startKafka} starts it again on the same data and ports. */
    public void killKafka() {
        if (kafka != null) {
            kafka.kill();
        }
    }

    public void startKafka() {
        kafka = KafkaBroker.start(options.home().resolve("kafka"), options.kafkaPort(), options.kafkaControllerPort(), 3);
    }

    /** Every service's database connection dropped and new ones refused, until {@link #restoreDatabase}. */
    public void cutDatabase() {
        requireDatabaseLink().cut();
    }

    public void restoreDatabase() {
        requireDatabaseLink().restore();
    }

    private CuttableLink requireDatabaseLink() {
        if (databaseLink == null) {
            throw new IllegalStateException("the stack was started without StackOptions.withDatabaseLink()");
        }
        return databaseLink;
    }

    /** Where the gateway writes every mail it sends, one {@code .eml} file each, newest last ({@link LocalMailbox}). */
    public Path mailDirectory() {
        return options.mailDirectory();
    }

    public Path logOf(ServiceSpec service) {
        return options.home().resolve("logs").resolve(service.module() + ".log");
    }

    @Override
    public void close() {
        List<Process> running = new ArrayList<>(processes.values());
        processes.clear();
        running.forEach(Process::destroy);
        running.forEach(process -> waitFor(process, 20));
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
        if (databaseLink != null) {
            databaseLink.close();
            databaseLink = null;
        }
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    private void startInfrastructure() {
        try {
            Files.createDirectories(options.home().resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        InstallationKeys keys = InstallationKeys.ensure(options.keys());
        postgres = Postgres.start(options.postgresPort(), options.durable() ? options.home().resolve("postgres") : null);
        for (ServiceSpec service : ServiceSpec.values()) {
            postgres.createDatabase(service.database());
        }
        startKafka();
        createTopics();
        if (options.databaseLink()) {
            databaseLink = CuttableLink.to(postgres.port());
        }
        launch = new ServiceLaunch(options, keys, databaseLink == null ? postgres.port() : databaseLink.port(),
                kafka.bootstrapServers());
    }

    private void createTopics() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            var existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : TOPICS) {
                for (String name : List.of(topic, topic + ".dlq")) {
                    if (!existing.contains(name)) {
                        missing.add(new NewTopic(name, 3, (short) 1));
                    }
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not create the Kafka topics", e);
        }
    }

    private void launch(ServiceSpec service) {
        processes.put(service, start(service, options.port(service), options.managementPort(service), logOf(service),
                List.of()));
    }

    private Process start(ServiceSpec service, int port, int managementPort, Path log, List<String> extraProperties) {
        Path jar = launch.jar(service);
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (./mvnw -B package -DskipTests)");
        }
        try {
            return launch.process(service, port, managementPort, extraProperties).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A second instance of a running service, on its own ports, sharing the service's database and Kafka consumer
     * group: like a second pod of a Kubernetes Deployment. The gateway keeps routing to the first instance.
     *
     * @param extraProperties more {@code -Dkey=value} flags for this instance only
     */
    public Replica startReplica(ServiceSpec service, int port, String... extraProperties) {
        Path log = options.home().resolve("logs").resolve(service.module() + "-replica-" + port + ".log");
        int managementPort = FreePorts.next();
        Replica replica = new Replica(start(service, port, managementPort, log, List.of(extraProperties)),
                options.url(port), options.url(managementPort), log);
        try {
            awaitReady(service.module() + " replica", replica.managementUrl(), replica::alive, log, Duration.ofSeconds(180));
            return replica;
        } catch (RuntimeException e) {
            replica.close();
            throw e;
        }
    }

    /** A running extra instance of a service; closing it stops it. */
    public static final class Replica implements AutoCloseable {
        private final Process process;
        private final String url;
        private final String managementUrl;
        private final Path log;

        private Replica(Process process, String url, String managementUrl, Path log) {
            this.process = process;
            this.url = url;
            this.managementUrl = managementUrl;
            this.log = log;
        }

        public String url() {
            return url;
        }

        public String managementUrl() {
            return managementUrl;
        }

        public Path log() {
            return log;
        }

        boolean alive() {
            return process.isAlive();
        }

        @Override
        public void close() {
            process.destroy();
            waitFor(process, 20);
        }
    }

    private void awaitReady(ServiceSpec service, Duration timeout) {
        awaitReady(service.module(), options.managementUrl(service), () -> {
            Process process = processes.get(service);
            return process != null && process.isAlive();
        }, logOf(service), timeout);
    }

    private void awaitReady(String name, String managementUrl, BooleanSupplier alive, Path log, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest ready = HttpRequest.newBuilder(URI.create(managementUrl + "/q/health/ready"))
                .timeout(Duration.ofSeconds(3)).build();
        while (Instant.now().isBefore(deadline)) {
            if (!alive.getAsBoolean()) {
                throw new IllegalStateException(name + " exited during start-up; its log (" + log + ") ends with:\n"
                        + tail(log));
            }
            try {
                HttpResponse<String> response = http.send(ready, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pause(250);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + "; its log ends with:\n" + tail(log));
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void waitFor(Process process, int seconds) {
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
