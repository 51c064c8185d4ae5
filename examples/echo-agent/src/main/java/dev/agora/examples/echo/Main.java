package dev.agora.examples.echo;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar echo-agent.jar [--port 8090] [--host 127.0.0.1] [--slow-step-ms 200] [--no-streaming] [--push-notifications]}:
 * runs the echo agent as an A2A server until the process is stopped (Ctrl-C, SIGTERM).
 * <p>
 * {@code java -jar echo-agent.jar --pull [--gateway http://127.0.0.1:8080] [--token agt_...] [--slow-step-ms 1000]}:
 * runs it as a deployed agent's runtime instead ({@link PullingEchoAgent}), pulling the agent's hired work from
 * Agora's runtime task API until stopped; the token defaults to {@code AGORA_AGENT_TOKEN}, as a deployment's pod has it.
 */
public final class Main {
    static final String USAGE = "usage: java -jar echo-agent.jar [--port 8090] [--host 127.0.0.1] [--slow-step-ms 200] [--no-streaming]"
            + " [--push-notifications]\n"
            + "   or: java -jar echo-agent.jar --pull [--gateway http://127.0.0.1:8080] [--token agt_... (default: $AGORA_AGENT_TOKEN)] [--slow-step-ms 1000]";
    static final String TOKEN_ENV = "AGORA_AGENT_TOKEN";

    /** What {@link #stop()} ends: a new one for each {@link #main} run (tests run several in one JVM). */
    private static volatile CountDownLatch stop = new CountDownLatch(1);

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        stop = stopped;
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        int port = 8090;
        String host = "127.0.0.1";
        EchoAgent.Options defaults = EchoAgent.Options.defaults();
        boolean streaming = defaults.streaming();
        boolean push = defaults.pushNotifications();
        Duration slowStep = null;
        boolean pull = false;
        boolean serverOption = false;
        URI gateway = URI.create("http://127.0.0.1:8080");
        boolean gatewayGiven = false;
        String token = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--port" -> {
                        port = Integer.parseInt(value(args, ++i));
                        serverOption = true;
                    }
                    case "--host" -> {
                        host = value(args, ++i);
                        serverOption = true;
                    }
                    case "--slow-step-ms" -> slowStep = Duration.ofMillis(Long.parseLong(value(args, ++i)));
                    case "--no-streaming" -> {
                        streaming = false;
                        serverOption = true;
                    }
                    case "--push-notifications" -> {
                        push = true;
                        serverOption = true;
                    }
                    case "--pull" -> pull = true;
                    case "--gateway" -> {
                        gateway = URI.create(value(args, ++i));
                        gatewayGiven = true;
                    }
                    case "--token" -> token = value(args, ++i);
                    case "-h", "--help" -> {
                        System.out.println(USAGE);
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port must be 0 to 65535");
            }
            if (slowStep != null && slowStep.isNegative()) {
                throw new IllegalArgumentException("--slow-step-ms must not be negative");
            }
            if (pull) {
                if (serverOption) {
                    throw new IllegalArgumentException("--port, --host, --no-streaming and --push-notifications are for the A2A server, not --pull");
                }
                if (token == null) {
                    token = System.getenv(TOKEN_ENV);
                }
                if (token == null || token.isBlank()) {
                    throw new IllegalArgumentException("--pull needs the agent's token: --token or " + TOKEN_ENV);
                }
                if (!"http".equals(gateway.getScheme()) && !"https".equals(gateway.getScheme())) {
                    throw new IllegalArgumentException("--gateway must be an http(s) URL");
                }
            } else if (token != null || gatewayGiven) {
                throw new IllegalArgumentException("--gateway and --token need --pull");
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (pull) {
            pull(gateway, token, slowStep, stopped);
            return;
        }
        if (slowStep == null) {
            slowStep = defaults.slowStep();
        }
        EchoAgent agent = EchoAgent.start(host, port, new EchoAgent.Options(streaming, slowStep, push));
        Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "echo-agent-stop"));
        System.out.println("Echo agent (A2A " + A2aSchema.PROTOCOL_VERSION + ") ready: card " + agent.cardUrl()
                + ", JSON-RPC " + agent.rpcUrl() + (streaming ? ", streaming on" : ", streaming off")
                + (push ? ", push notifications on" : ""));
        try {
            stopped.await();
        } finally {
            agent.close();
        }
    }

    private static void pull(URI gateway, String token, Duration slowStep, CountDownLatch stopped)
            throws InterruptedException {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            // one line per event (the JDK's System.Logger goes to java.util.logging here)
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT %4$s %5$s%6$s%n");
        }
        PullingEchoAgent.Options defaults = PullingEchoAgent.Options.defaults();
        PullingEchoAgent.Options options = new PullingEchoAgent.Options(defaults.claimWaitSeconds(),
                slowStep == null ? defaults.slowStep() : slowStep, defaults.firstBackoff(), defaults.maxBackoff());
        PullingEchoAgent agent = PullingEchoAgent.start(gateway, token, options);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            // stdout, not the logger: java.util.logging shuts down with the JVM, concurrently with this hook
            System.out.println("Echo agent (runtime pull) stopped");
        }, "echo-puller-stop"));
        System.out.println("Echo agent (runtime pull) started: claiming the agent's tasks from " + gateway
                + PullingEchoAgent.TASKS_PATH + "/claim?wait=" + options.claimWaitSeconds());
        try {
            stopped.await();
        } finally {
            agent.close();
        }
    }

    /** Ends a {@link #main} running in this JVM (for tests). */
    static void stop() {
        stop.countDown();
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
