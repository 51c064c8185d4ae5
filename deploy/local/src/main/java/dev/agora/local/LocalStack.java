package dev.agora.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

import dev.agora.examples.echo.EchoAgent;

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
        int echoPort = 0;
        if (demo) {
            try {
                echoPort = StackOptions.echoAgentPort(System.getenv());
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                System.exit(2);
                return;
            }
            // the demo's external agent (the echo agent) runs on this machine: agent-service must reach loopback
            options = options.withAllowLoopback(true);
        }
        Files.createDirectories(options.home());
        Path pidFile = options.home().resolve("run.pid");
        refuseIfRunning(pidFile);
        Files.writeString(pidFile, Long.toString(ProcessHandle.current().pid()));
        EchoAgent echo = null;
        if (demo) {
            try {
                echo = EchoAgent.start(echoPort);
            } catch (UncheckedIOException e) {
                Files.deleteIfExists(pidFile);
                System.err.println("The demo's echo agent cannot listen on 127.0.0.1:" + echoPort
                        + " (AGORA_ECHO_AGENT_PORT): " + e.getCause().getMessage());
                System.exit(1);
                return;
            }
        }
        EchoAgent echoAgent = echo;

        Instant started = Instant.now();
        System.out.println("Starting PostgreSQL, Kafka and the five services (logs in " + options.home().resolve("logs") + ") ...");
        CountDownLatch stopped = new CountDownLatch(1);
        Stack stack;
        try {
            stack = Stack.start(options);
        } catch (RuntimeException e) {
            if (echoAgent != null) {
                echoAgent.close();
            }
            Files.deleteIfExists(pidFile);
            System.err.println("Agora did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping Agora ...");
            if (echoAgent != null) {
                echoAgent.close();
            }
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
            new DemoData(stack.gatewayUrl(), new LocalMailbox(stack.mailDirectory()), echoAgent.cardUrl().toString()).load();
        }
        printBanner(options, stack, Duration.between(started, Instant.now()), echoAgent);
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

    /** @param echo the demo's echo agent; null without --demo */
    private static void printBanner(StackOptions options, Stack stack, Duration took, EchoAgent echo) {
        boolean demo = echo != null;
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
        if (demo) {
            out.append(String.format("  %-20s %-24s %s%n", "echo agent (A2A)", echo.baseUrl(),
                    "card " + echo.cardUrl() + " (AGORA_ECHO_AGENT_PORT)"));
        }
        if (options.allowLoopback()) {
            out.append(String.format("  %-20s %s%n", "outbound calls", "may reach loopback ("
                    + (demo ? "--demo" : "AGORA_OUTBOUND_ALLOW_LOOPBACK") + "); never in production"));
        }
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
            out.append("Demo external agent: \"Echo agent\" (").append(DemoData.ECHO_AGENT_SUBDOMAIN).append(", Alice's, free), ")
                    .append("published; log in as ").append(DemoData.BOB_EMAIL).append(" to hire it.\n");
        } else {
            out.append("Demo data: start with ./run.sh --demo (users ").append(DemoData.ALICE_EMAIL).append(" and ")
                    .append(DemoData.BOB_EMAIL).append(", password ").append(DemoData.PASSWORD).append(")\n");
        }
        out.append("Stop: Ctrl-C here, or ./run.sh stop from another shell.\n");
        System.out.print(out);
    }
}
