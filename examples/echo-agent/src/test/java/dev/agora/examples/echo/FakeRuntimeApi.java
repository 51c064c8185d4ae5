package dev.agora.examples.echo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Agora's runtime task API as a script: claims answer the scripted {@link #claims} in order (a long poll: with none
 * scripted, a claim waits up to {@code holdMillis} for one, then answers 204); reports answer 202 (heartbeats 200)
 * unless a status was scripted for that task and action. Every request is recorded.
 */
final class FakeRuntimeApi implements AutoCloseable {
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** A recorded request: {@code action} is {@code claim} or the last path segment, {@code taskId} null for claims. */
    record Call(long atNanos, String action, String taskId, String query, String authorization, JsonNode body) {
        String lease() {
            return body.path("leaseToken").asText(null);
        }
    }

    /** A scripted claim answer: a status and, for 200, the claimed task. */
    record Answer(int status, JsonNode body) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fake-runtime-api");
        thread.setDaemon(true);
        return thread;
    });
    private final BlockingQueue<Answer> claims = new LinkedBlockingQueue<>();
    private final Map<String, Queue<Integer>> reportStatuses = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final long holdMillis;

    private FakeRuntimeApi(int port, long holdMillis) throws IOException {
        this.holdMillis = holdMillis;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext(PullingEchoAgent.TASKS_PATH, this::handle);
        server.setExecutor(threads);
        server.start();
    }

    static FakeRuntimeApi start() throws IOException {
        return start(0);
    }

    static FakeRuntimeApi start(int port) throws IOException {
        return new FakeRuntimeApi(port, 200);
    }

    URI gateway() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Scripts the next claim to answer this task under a new lease; answers the lease token. */
    String task(String taskId, String title, String description, String answer) {
        String lease = UUID.randomUUID().toString();
        ObjectNode task = MAPPER.createObjectNode().put("taskId", taskId).put("agentId", UUID.randomUUID().toString())
                .put("title", title).put("description", description).put("taskType", "research")
                .put("answer", answer).put("attempt", 1).put("leaseToken", lease)
                .put("leaseExpiresAt", "2030-01-01T00:00:00Z");
        if (answer == null) {
            task.set("answer", NullNode.getInstance());
        }
        claims.add(new Answer(200, task));
        return lease;
    }

    /** Scripts the next claim to answer {@code status} without a task (204, 503, ...). */
    void claimAnswers(int status) {
        claims.add(new Answer(status, null));
    }

    /** Scripts the next {@code action} about {@code taskId} to answer {@code status} (then back to the default). */
    void reportAnswers(String taskId, String action, int status) {
        reportStatuses.computeIfAbsent(taskId + "/" + action, key -> new ConcurrentLinkedQueue<>()).add(status);
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<Call> claimCalls() {
        return calls.stream().filter(call -> "claim".equals(call.action())).toList();
    }

    List<Call> callsFor(String taskId) {
        return calls.stream().filter(call -> taskId.equals(call.taskId())).toList();
    }

    /** The calls about the task as {@code action} or {@code action:kind:text} (progress) strings, in order. */
    List<String> trail(String taskId) {
        return callsFor(taskId).stream().map(call -> "progress".equals(call.action())
                ? "progress:" + call.body().path("kind").asText() + ":" + call.body().path("text").asText()
                : call.action()).toList();
    }

    boolean has(String taskId, String action) {
        return callsFor(taskId).stream().anyMatch(call -> action.equals(call.action()));
    }

    Call last(String taskId, String action) {
        List<Call> found = callsFor(taskId).stream().filter(call -> action.equals(call.action())).toList();
        return found.isEmpty() ? null : found.get(found.size() - 1);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PullingEchoAgent.TASKS_PATH.length() + 1);
            byte[] raw;
            try (InputStream in = exchange.getRequestBody()) {
                raw = in.readAllBytes();
            }
            JsonNode body = raw.length == 0 ? MAPPER.createObjectNode() : MAPPER.readTree(raw);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (!"POST".equals(exchange.getRequestMethod())) {
                send(exchange, 405, null);
                return;
            }
            if ("claim".equals(path)) {
                calls.add(new Call(System.nanoTime(), "claim", null, exchange.getRequestURI().getQuery(), authorization, body));
                Answer answer = claims.poll(holdMillis, TimeUnit.MILLISECONDS);
                if (answer == null) {
                    send(exchange, 204, null);
                } else {
                    send(exchange, answer.status(), answer.body());
                }
                return;
            }
            String[] parts = path.split("/");
            String taskId = parts[0];
            String action = parts.length > 1 ? parts[1] : "";
            calls.add(new Call(System.nanoTime(), action, taskId, exchange.getRequestURI().getQuery(), authorization, body));
            Queue<Integer> scripted = reportStatuses.get(taskId + "/" + action);
            Integer status = scripted == null ? null : scripted.poll();
            if (status != null) {
                send(exchange, status, status >= 400 ? MAPPER.createObjectNode().put("title", "scripted " + status) : null);
            } else if ("heartbeat".equals(action)) {
                send(exchange, 200, MAPPER.createObjectNode().put("leaseExpiresAt", "2030-01-01T00:00:00Z"));
            } else {
                send(exchange, 202, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
