package dev.agora.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./run.sh}: starts the whole suite in the foreground and stops every process it started on
 * Ctrl-C or SIGTERM (which {@code ./run.sh stop} sends, using {@code .agora/run.pid}).
 */
public final class LocalStack {
    private LocalStack() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("agora.root", ".")).toAbsolutePath().normalize();
        StackOptions options;
        try {
            options = StackOptions.fromEnvironment(root);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        boolean demo = Arrays.asList(args).contains("--demo");
        Files.createDirectories(options.home());
        Path pidFile = options.home().resolve("run.pid");
        refuseIfRunning(pidFile);
        Files.writeString(pidFile, Long.toString(ProcessHandle.current().pid()));

        Instant started = Instant.now();
        System.out.println("Starting PostgreSQL, Kafka and the five services (logs in " + options.home().resolve("logs") + ") ...");
        CountDownLatch stopped = new CountDownLatch(1);
        Stack stack;
        try {
            stack = Stack.start(options);
        } catch (RuntimeException e) {
            Files.deleteIfExists(pidFile);
            System.err.println("Agora did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping Agora ...");
            stack.close();
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException ignored) {
                // nothing left to clean
            }
            System.out.println("Stopped.");
            stopped.countDown();
        }, "agora-stop"));

        if (demo) {
            new DemoData(stack.gatewayUrl(), new LocalMailbox(stack.mailDirectory())).load();
        }
        printBanner(options, stack, Duration.between(started, Instant.now()), demo);
        stopped.await();
    }

    private static void refuseIfRunning(Path pidFile) throws IOException {
        if (Files.exists(pidFile)) {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                System.err.println("Agora is already running (pid " + pid + "); stop it with ./run.sh stop");
                System.exit(1);
            }
        }
    }

    private static void printBanner(StackOptions options, Stack stack, Duration took, boolean demo) {
        StringBuilder out = new StringBuilder();
        out.append("\nAgora is up (ready in ").append(took.toSeconds()).append(" s).\n\n");
        out.append(String.format("  %-20s %-24s %s%n", "", "API", "health, metrics, OpenAPI (/q/...)"));
        for (ServiceSpec service : ServiceSpec.values()) {
            out.append(String.format("  %-20s %-24s %s%n", service.module(), options.url(service),
                    options.managementUrl(service)));
        }
        out.append(String.format("  %-20s 127.0.0.1:%d (user postgres, password postgres; data in %s)%n", "PostgreSQL",
                options.postgresPort(), options.home().resolve("postgres")));
        out.append(String.format("  %-20s %s%n", "Kafka", stack.kafkaBootstrapServers()));
        if (!options.bindAddress().equals(StackOptions.LOOPBACK)) {
            out.append(String.format("  %-20s %s (AGORA_BIND_ADDRESS; PostgreSQL and Kafka stay on loopback)%n",
                    "services listen on", options.bindAddress()));
        }
        out.append(String.format("  %-20s %s%n", "keys", options.keys()));
        out.append(String.format("  %-20s %s%n", "logs", options.home().resolve("logs")));
        out.append(String.format("  %-20s %s (one .eml file per mail sent, newest last)%n%n", "mail", stack.mailDirectory()));
        out.append("Gateway: ").append(stack.gatewayUrl()).append(" (merged OpenAPI document: ").append(stack.gatewayUrl())
                .append("/openapi)\n");
        if (demo) {
            out.append("Demo login: curl -s -X POST ").append(stack.gatewayUrl()).append("/auth/login -H 'content-type: application/json' -d '{\"email\":\"")
                    .append(DemoData.ALICE_EMAIL).append("\",\"password\":\"").append(DemoData.PASSWORD).append("\"}'\n");
        } else {
            out.append("Demo data: start with ./run.sh --demo (users ").append(DemoData.ALICE_EMAIL).append(" and ")
                    .append(DemoData.BOB_EMAIL).append(", password ").append(DemoData.PASSWORD).append(")\n");
        }
        out.append("Stop: Ctrl-C here, or ./run.sh stop from another shell.\n");
        System.out.print(out);
    }
}
