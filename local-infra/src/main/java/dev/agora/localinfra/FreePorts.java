package dev.agora.localinfra;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for the processes a test starts. They are taken below the kernel's ephemeral range (32768–60999 on Linux), so
 * an outgoing connection made meanwhile (a Kafka or database client) cannot be given the port before its server binds
 * it, and never handed out twice by one JVM.
 */
public final class FreePorts {
    private static final int FIRST = 20_000;
    private static final int LAST = 32_000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    public static int next() {
        for (int tries = 0; tries < 1_000; tries++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST, LAST + 1);
            if (HANDED_OUT.contains(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException busy) {
                // taken: try another
            }
        }
        throw new IllegalStateException("no free port between " + FIRST + " and " + LAST);
    }
}
