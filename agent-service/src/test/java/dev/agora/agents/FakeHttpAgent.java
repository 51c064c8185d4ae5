package dev.agora.agents;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** A real HTTP server on 127.0.0.1 playing an api agent: every request is recorded and answered by a script. */
final class FakeHttpAgent implements AutoCloseable {
    record Request(String method, String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().get(0)).orElse(null);
        }
    }

    /** An answer; with {@code chunks}, a streamed body: each chunk written and flushed, {@code pauseMillis} apart. */
    record Answer(int status, String body, Map<String, String> headers, List<String> chunks, long pauseMillis) {
        Answer(int status, String body, Map<String, String> headers) {
            this(status, body, headers, null, 0);
        }

        static Answer json(int status, String body) {
            return new Answer(status, body, Map.of("Content-Type", "application/json"));
        }

        static Answer eventStream(List<String> events, long pauseMillis) {
            return new Answer(200, null, Map.of("Content-Type", "text/event-stream"),
                    events.stream().map(event -> event + "\n\n").toList(), pauseMillis);
        }
    }

    private final HttpServer server;
    private final List<Request> received = new CopyOnWriteArrayList<>();
    private volatile Function<Request, Answer> script;
    /** One thread writes streamed answers, in order, at their times. */
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();

    private FakeHttpAgent(Function<Request, Answer> script) throws IOException {
        this.script = script;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    static FakeHttpAgent start(Function<Request, Answer> script) throws IOException {
        return new FakeHttpAgent(script);
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    void answer(Function<Request, Answer> next) {
        this.script = next;
    }

    List<Request> received() {
        return new ArrayList<>(received);
    }

    List<Request> received(String method, String path) {
        return received.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Answer answer;
        try (InputStream in = exchange.getRequestBody()) {
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            received.add(request);
            answer = script.apply(request);
        }
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        if (answer.chunks() != null) {
            exchange.sendResponseHeaders(answer.status(), 0);
            stream(exchange, answer.chunks(), answer.pauseMillis());
            return;
        }
        try (exchange) {
            byte[] body = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    /** Writes chunk n at n × {@code pauseMillis}, as a server producing its answer over time; closes after the last. */
    private void stream(HttpExchange exchange, List<String> chunks, long pauseMillis) {
        OutputStream out = exchange.getResponseBody();
        for (int i = 0; i < chunks.size(); i++) {
            byte[] chunk = chunks.get(i).getBytes(StandardCharsets.UTF_8);
            boolean last = i == chunks.size() - 1;
            pacer.schedule(() -> {
                try {
                    out.write(chunk);
                    out.flush();
                } catch (IOException gone) {
                    // the client went away: nothing more to write
                } finally {
                    if (last) {
                        exchange.close();
                    }
                }
            }, i * pauseMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        pacer.shutdownNow();
        server.stop(0);
    }
}
