package dev.agora.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Callers that keep a service busy and then all hang up at once with requests in flight, as a load generator does at
 * the end of its run, or browsers and load balancers giving up: whatever the service was doing for them must still
 * end cleanly. Raw HTTP/1.1 over sockets, so nothing waits for the answers that are cut off.
 */
public final class HangingUpCallers {
    private static final Pattern ACTIVE = Pattern.compile("(?m)^sql_pool_active\\{[^}]*\\} ([0-9.]+)$");

    private HangingUpCallers() {
    }

    /** One request of the n-th call: method, path, headers and body (null for none). */
    public record Call(String method, String path, Map<String, String> headers, String body) {
    }

    /**
     * {@code connections} callers each send {@code calls} one after the other on their keep-alive connection for
     * {@code busy}, then every connection is closed, most of them with a request in flight. Answers how many responses
     * the callers read (at least one per connection, or the service was not busy).
     */
    public static int keepBusyThenHangUp(int port, int connections, Duration busy, IntFunction<Call> calls)
            throws InterruptedException, IOException {
        AtomicInteger sequence = new AtomicInteger();
        AtomicInteger responses = new AtomicInteger();
        List<Socket> sockets = new ArrayList<>();
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Socket socket = new Socket("127.0.0.1", port);
            sockets.add(socket);
            Thread caller = new Thread(() -> callUntilClosed(socket, calls, sequence, responses), "hanging-up-caller-" + i);
            callers.add(caller);
            caller.start();
        }
        Thread.sleep(busy.toMillis()); // the load's duration, not a wait for a result
        for (Socket socket : sockets) {
            socket.close();
        }
        for (Thread caller : callers) {
            caller.join();
        }
        return responses.get();
    }

    /** The service's database connections in use ({@code sql_pool_active} on {@code /q/metrics}). */
    public static int activeSqlConnections() {
        String metrics = ManagementInterface.given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return activeSqlConnections(metrics).orElseThrow(() -> new AssertionError("no sql_pool_active metric on /q/metrics"));
    }

    /** {@code sql_pool_active} read from a Prometheus scrape of a service ({@code /q/metrics}), if it has it. */
    public static OptionalInt activeSqlConnections(String metrics) {
        Matcher active = ACTIVE.matcher(metrics);
        return active.find() ? OptionalInt.of((int) Double.parseDouble(active.group(1))) : OptionalInt.empty();
    }

    private static void callUntilClosed(Socket socket, IntFunction<Call> calls, AtomicInteger sequence,
            AtomicInteger responses) {
        try {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            while (!socket.isClosed()) {
                out.write(request(calls.apply(sequence.getAndIncrement())));
                out.flush();
                readResponse(in);
                responses.incrementAndGet();
            }
        } catch (IOException closed) {
            // the hang-up this is about
        }
    }

    private static byte[] request(Call call) {
        byte[] body = call.body() == null ? new byte[0] : call.body().getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(call.method()).append(' ').append(call.path()).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\n");
        call.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(body);
        return request.toByteArray();
    }

    /** Reads one response with a Content-Length body (what the services answer to these calls). */
    private static void readResponse(InputStream in) throws IOException {
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed");
            }
            headers.append((char) b);
        }
        int length = 0;
        for (String line : headers.toString().split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        if (in.readNBytes(length).length < length) {
            throw new IOException("connection closed");
        }
    }
}
