package dev.agora.examples.echo;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar echo-agent.jar [--port 8090] [--host 127.0.0.1] [--slow-step-ms 200] [--no-streaming]}:
 * runs the echo agent until the process is stopped (Ctrl-C, SIGTERM).
 */
public final class Main {
    static final String USAGE = "usage: java -jar echo-agent.jar [--port 8090] [--host 127.0.0.1] [--slow-step-ms 200] [--no-streaming]";

    private static final CountDownLatch STOP = new CountDownLatch(1);

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        int port = 8090;
        String host = "127.0.0.1";
        EchoAgent.Options defaults = EchoAgent.Options.defaults();
        boolean streaming = defaults.streaming();
        Duration slowStep = defaults.slowStep();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--port" -> port = Integer.parseInt(value(args, ++i));
                    case "--host" -> host = value(args, ++i);
                    case "--slow-step-ms" -> slowStep = Duration.ofMillis(Long.parseLong(value(args, ++i)));
                    case "--no-streaming" -> streaming = false;
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
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        EchoAgent agent = EchoAgent.start(host, port, new EchoAgent.Options(streaming, slowStep));
        Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "echo-agent-stop"));
        System.out.println("Echo agent (A2A " + A2aSchema.PROTOCOL_VERSION + ") ready: card " + agent.cardUrl()
                + ", JSON-RPC " + agent.rpcUrl() + (streaming ? ", streaming on" : ", streaming off"));
        try {
            STOP.await();
        } finally {
            agent.close();
        }
    }

    /** Ends a {@link #main} running in this JVM (for tests). */
    static void stop() {
        STOP.countDown();
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
