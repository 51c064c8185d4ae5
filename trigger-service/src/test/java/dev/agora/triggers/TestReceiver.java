package dev.agora.triggers;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.awaitility.Awaitility;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/** A local HTTP receiver for delivery tests (a small Vert.x server on 127.0.0.1): scripted answers, recorded requests. */
public final class TestReceiver implements AutoCloseable {
    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Function<Received, Answer>> routes = new ConcurrentHashMap<>();

    public record Received(String method, String path, MultiMap headers, String body, long atMillis) {
        public String header(String name) {
            return headers.get(name);
        }
    }

    public record Answer(int status, Map<String, String> headers, String body, long delayMillis) {
        public static Answer of(int status) {
            return new Answer(status, Map.of(), "", 0);
        }

        public static Answer of(int status, String body) {
            return new Answer(status, Map.of("Content-Type", "application/json"), body, 0);
        }
    }

    private TestReceiver(int port) throws Exception {
        server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            Received r = new Received(request.method().name(), request.path(), MultiMap.caseInsensitiveMultiMap()
                    .addAll(request.headers()), body.toString(), System.currentTimeMillis());
            received.add(r);
            Function<Received, Answer> route = routes.getOrDefault(request.path(), x -> Answer.of(200, "{\"ok\":true}"));
            Answer answer = route.apply(r);
            Runnable respond = () -> {
                if (request.response().closed()) {
                    return;
                }
                answer.headers().forEach(request.response()::putHeader);
                request.response().setStatusCode(answer.status()).end(answer.body());
            };
            if (answer.delayMillis() > 0) {
                vertx.setTimer(answer.delayMillis(), id -> respond.run());
            } else {
                respond.run();
            }
        })).listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public static TestReceiver start() {
        return start(0);
    }

    public static TestReceiver start(int port) {
        try {
            return new TestReceiver(port);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return server.actualPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** Answers requests to {@code path} in turn; once they are used up, the last one again. */
    public void script(String path, Answer... answers) {
        Queue<Answer> queue = new ArrayDeque<>(List.of(answers));
        Answer last = answers[answers.length - 1];
        routes.put(path, r -> {
            synchronized (queue) {
                Answer next = queue.poll();
                return next == null ? last : next;
            }
        });
    }

    public void route(String path, Function<Received, Answer> handler) {
        routes.put(path, handler);
    }

    public List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    public List<Received> await(String path, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> received(path).size() >= count);
        return received(path);
    }

    @Override
    public void close() {
        vertx.close();
    }
}
