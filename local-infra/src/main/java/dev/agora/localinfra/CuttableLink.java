package dev.agora.localinfra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay to a server on this machine that a test can cut, as an outage would: {@link #cut()} drops every open
 * connection and refuses new ones (nothing listens on the port) until {@link #restore()}. Put between a service and its
 * database to play the database going away and coming back.
 */
public final class CuttableLink implements AutoCloseable {
    private final int port;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;

    private CuttableLink(int port, int targetPort) {
        this.port = port;
        this.targetPort = targetPort;
    }

    /** A link on a free port of 127.0.0.1 to {@code targetPort} there, up. */
    public static CuttableLink to(int targetPort) {
        CuttableLink link = new CuttableLink(FreePorts.next(), targetPort);
        link.restore();
        return link;
    }

    public int port() {
        return port;
    }

    /** Every connection through the link dropped, and new ones refused. */
    public synchronized void cut() {
        ServerSocket current = listener;
        listener = null;
        closeQuietly(current);
        open.forEach(CuttableLink::closeQuietly);
        open.clear();
    }

    /** Connections accepted again. */
    public synchronized void restore() {
        if (listener != null) {
            return;
        }
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            listener = server;
            daemon("cuttable-link-" + port, () -> accept(server));
        } catch (IOException e) {
            throw new UncheckedIOException("could not listen on " + port, e);
        }
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(target);
                pump(client, target);
                pump(target, client);
            } catch (IOException e) {
                // the listener was closed by cut(), or one connection failed: the others go on
            }
        }
    }

    private void pump(Socket from, Socket to) {
        daemon("cuttable-link-" + port + "-pump", () -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // either side went away
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        });
    }

    private static void daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception e) {
                // already gone
            }
        }
    }

    @Override
    public void close() {
        cut();
    }
}
