package dev.agora.bench.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.Histogram;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.agora.local.ServiceSpec;
import dev.agora.local.Stack;

/**
 * Target 9, hired work reaching agents: (a) dispatch overhead — from a hire's due time (the constant-rate schedule,
 * so a slow answer is charged) to the moment the A2A agent receives the {@code message/send}, at 100 hires/s through
 * the gateway; (b) 1,000 long-running tasks held open at once — agent-service's threads and memory while the agent
 * keeps them working, and the time until all complete once released. The agent is a minimal A2A v0.3 server in this
 * process (CPU 1), recording when each message arrives.
 */
final class Dispatch {
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Pattern MESSAGE_ID = Pattern.compile("\"messageId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern TASK_PARAM = Pattern.compile("\"params\"\\s*:\\s*\\{\\s*\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern RPC_ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    private static final Duration SETTLE = Duration.ofSeconds(15);

    private final HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();
    private final Map<String, Long> received = new ConcurrentHashMap<>();
    private final Map<String, Boolean> completedAtAgent = new ConcurrentHashMap<>();
    private final AtomicBoolean released = new AtomicBoolean();
    private final HttpServer agent;
    private final String marketplaceUrl;
    private final Map<Integer, Integer> refusedHires = new ConcurrentHashMap<>();
    private volatile String firstRefusal;

    private Dispatch(String marketplaceUrl) throws IOException {
        this.marketplaceUrl = marketplaceUrl;
        agent = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        agent.setExecutor(Executors.newFixedThreadPool(4));
        agent.createContext("/", this::serve);
        agent.start();
    }

    static void run(Report report, Stack stack, String marketplaceUrl, String ownerToken, String hirerToken, int rate,
            int warmupSeconds, int seconds, int held) throws Exception {
        Dispatch bench = new Dispatch(marketplaceUrl);
        try {
            bench.measure(report, stack, ownerToken, hirerToken, rate, warmupSeconds, seconds, held);
        } finally {
            bench.agent.stop(0);
        }
    }

    private void measure(Report report, Stack stack, String ownerToken, String hirerToken, int rate, int warmupSeconds,
            int seconds, int held) throws Exception {
        String gateway = stack.gatewayUrl();
        String agentId = listedAgent(gateway, ownerToken);
        // hires go straight to marketplace-service (which checks the JWT itself), as the other service benchmarks do:
        // the gateway's per-user rate limit would otherwise be what is measured
        String marketplace = marketplaceUrl;
        report.section("9. Dispatch: hire → the A2A agent receives the message");
        report.line("Hires (POST /api/marketplace/tasks to marketplace-service, no budget) at a constant " + rate
                + " hires/s for " + seconds + " s, after a " + warmupSeconds + " s warm-up at the same rate (whose messages"
                + " all reached the agent, and whose follow-up work was given " + SETTLE.toSeconds() + " s to finish,"
                + " before the measured hires began); latency from each hire's due "
                + "time to the arrival of its message/send at the agent (same clock). Services on CPU 0, the agent, "
                + "PostgreSQL, Kafka and the load on CPU 1.");
        // the JIT compiles the whole path during the warm-up; its backlog is not charged to the measured hires
        Map<String, Long> warmup = hires(marketplace, hirerToken, agentId, rate, warmupSeconds, "warm-up");
        awaitReceived(warmup.keySet(), Duration.ofSeconds(120));
        Thread.sleep(SETTLE.toMillis());
        Map<String, Long> due = hires(marketplace, hirerToken, agentId, rate, seconds, "echo");
        awaitReceived(due.keySet(), Duration.ofSeconds(60));
        Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        long missing = 0;
        for (Map.Entry<String, Long> hire : due.entrySet()) {
            Long arrived = received.get(hire.getKey());
            if (arrived == null) {
                missing++;
            } else {
                latency.recordValue(Math.max(0, Math.min((arrived - hire.getValue()) / 1000, latency.getHighestTrackableValue())));
            }
        }
        double p99 = latency.getValueAtPercentile(99) / 1000.0;
        if (!refusedHires.isEmpty()) {
            report.line("\nRefused hires by status: " + refusedHires + "; the first: " + firstRefusal);
        }
        report.line(String.format("%n%d hires, %d never reached the agent; p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms",
                due.size(), missing, latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(90) / 1000.0,
                p99, latency.getMaxValue() / 1000.0));
        report.verdict("9a. dispatch p99 at " + rate + " hires/s", String.format("%.1f ms", p99), "≤ 50 ms",
                !due.isEmpty() && refusedHires.isEmpty() && missing == 0 && p99 <= 50);

        long pid = stack.pid(ServiceSpec.AGENT_SERVICE);
        int threadsBefore = threads(pid);
        long rssBefore = Machine.rssMiB(pid);
        Map<String, Long> holding = hires(marketplace, hirerToken, agentId, 200, (int) Math.ceil(held / 200.0), "[hold]");
        awaitReceived(holding.keySet(), Duration.ofSeconds(60));
        // every held task is followed (tasks/get) at least once more while open
        Thread.sleep(5_000);
        int threadsHolding = threads(pid);
        long rssHolding = Machine.rssMiB(pid);
        long releasedAt = System.nanoTime();
        released.set(true);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!completedAtAgent.keySet().containsAll(holding.keySet()) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        boolean allDone = completedAtAgent.keySet().containsAll(holding.keySet());
        double drainSeconds = (System.nanoTime() - releasedAt) / 1e9;
        report.line(String.format("%n%d long-running tasks open at once: agent-service threads %d → %d, RSS %d → %d MiB;"
                + " all answered completed within %.1f s of release: %s", holding.size(), threadsBefore, threadsHolding,
                rssBefore, rssHolding, drainSeconds, allDone));
        report.verdict("9b. " + holding.size() + " open tasks without a thread each", "threads " + threadsBefore + " → "
                + threadsHolding, "no thread per task (growth < 10% of the tasks)",
                holding.size() >= held && allDone && threadsHolding - threadsBefore < holding.size() / 10);
    }

    /** Hires at a constant rate; answers each hire's task id with its due time (System.nanoTime()). */
    private Map<String, Long> hires(String gateway, String token, String agentId, int rate, int seconds, String text)
            throws InterruptedException {
        Map<String, Long> due = new ConcurrentHashMap<>();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        int total = rate * seconds;
        for (int i = 0; i < total; i++) {
            long at = start + i * interval;
            long wait = at - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            HttpRequest hire = HttpRequest.newBuilder(URI.create(gateway + "/api/marketplace/tasks"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"agentId\":\"" + agentId + "\",\"title\":\"Bench " + i
                            + "\",\"description\":\"" + text + "\"}")).build();
            pending.add(http.sendAsync(hire, HttpResponse.BodyHandlers.ofString()).thenAccept(response -> {
                Matcher id = ID.matcher(response.body());
                if (response.statusCode() == 201 && id.find()) {
                    due.put(id.group(1), at);
                } else {
                    refusedHires.merge(response.statusCode(), 1, Integer::sum);
                    if (firstRefusal == null) {
                        firstRefusal = response.statusCode() + " " + response.body();
                    }
                }
            }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        return due;
    }

    private void awaitReceived(Iterable<String> taskIds, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        for (String taskId : taskIds) {
            while (!received.containsKey(taskId) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }

    /** An external agent pointing at this process's A2A server, active, published and listed. */
    private String listedAgent(String gateway, String token) throws Exception {
        String base = "http://127.0.0.1:" + agent.getAddress().getPort();
        String created = call(gateway, token, "POST", "/api/agents", "{\"name\":\"Bench echo\",\"subdomain\":\"bench-echo-"
                + System.nanoTime() % 100_000 + "\",\"type\":\"external\",\"context\":\"Benchmark\",\"endpoint\":{\"url\":\""
                + base + "/.well-known/agent-card.json\"}}", 201);
        Matcher id = ID.matcher(created);
        if (!id.find()) {
            throw new IllegalStateException("no agent id in " + created);
        }
        String agentId = id.group(1);
        call(gateway, token, "PUT", "/api/agents/" + agentId + "/status", "{\"status\":\"active\"}", 200);
        call(gateway, token, "POST", "/api/agents/" + agentId + "/publish", "{\"changes\":\"bench\"}", 200);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (http.send(HttpRequest.newBuilder(URI.create(gateway + "/api/marketplace/agents/" + agentId)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the bench agent never reached the catalog");
            }
            Thread.sleep(200);
        }
        return agentId;
    }

    private String call(String gateway, String token, String method, String path, String body, int expected)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    /** The A2A agent: a card, message/send (completed at once, or working for "[hold]" until released), tasks/get. */
    private void serve(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String request = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String base = "http://127.0.0.1:" + agent.getAddress().getPort();
            String answer;
            if (exchange.getRequestMethod().equals("GET")) {
                answer = "{\"protocolVersion\":\"0.3.0\",\"name\":\"Bench echo\",\"description\":\"benchmark\",\"url\":\""
                        + base + "/a2a\",\"version\":\"1\",\"capabilities\":{\"streaming\":false},"
                        + "\"defaultInputModes\":[\"text/plain\"],\"defaultOutputModes\":[\"text/plain\"],\"skills\":[]}";
            } else if (request.contains("\"message/send\"")) {
                Matcher message = MESSAGE_ID.matcher(request);
                String taskId = message.find() ? message.group(1) : "unknown";
                received.putIfAbsent(taskId, System.nanoTime());
                answer = rpc(request, task(taskId, request.contains("[hold]") ? "working" : "completed"));
            } else if (request.contains("\"tasks/get\"")) {
                Matcher param = TASK_PARAM.matcher(request);
                String taskId = param.find() ? param.group(1) : "unknown";
                boolean done = released.get();
                if (done) {
                    completedAtAgent.put(taskId, true);
                }
                answer = rpc(request, task(taskId, done ? "completed" : "working"));
            } else {
                answer = rpc(request, task("unknown", "completed"));
            }
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static String task(String id, String state) {
        String artifacts = state.equals("completed")
                ? ",\"artifacts\":[{\"artifactId\":\"a1\",\"parts\":[{\"kind\":\"text\",\"text\":\"done\"}]}]" : "";
        return "{\"kind\":\"task\",\"id\":\"" + id + "\",\"contextId\":\"c-" + id + "\",\"status\":{\"state\":\"" + state
                + "\"}" + artifacts + "}";
    }

    private static String rpc(String request, String result) {
        Matcher id = RPC_ID.matcher(request);
        return "{\"jsonrpc\":\"2.0\",\"id\":\"" + (id.find() ? id.group(1) : "1") + "\",\"result\":" + result + "}";
    }

    private static int threads(long pid) throws IOException {
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            return (int) tasks.count();
        }
    }
}
