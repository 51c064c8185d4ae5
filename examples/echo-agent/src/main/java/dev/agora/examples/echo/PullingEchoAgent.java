package dev.agora.examples.echo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The echo agent as a deployed agent's runtime: it pulls its hired work from Agora's runtime task API (through the
 * gateway, {@code Authorization: Bearer <agent access token or deployment runtime token>}) instead of serving A2A.
 * One worker thread loops: claim the next task ({@code POST /api/runtime/tasks/claim?wait=25}, a long poll; 204 →
 * claim again), report a {@code thought} step ("echoing"), then finish the task under the claim's lease:
 * <ul>
 * <li>a claim that carries the hirer's {@code answer} → result {@code hello <answer>};</li>
 * <li>{@code [fail]} in the title or description → {@code fail} "echo failed on purpose";</li>
 * <li>{@code [ask]} → {@code input-required} "What name should I greet?" (the task comes back in a later claim with
 * the answer);</li>
 * <li>{@code [slow]} → three steps of {@link Options#slowStep()} (1 s by default), each followed by a heartbeat and a
 * {@code status} step "step i/3", then the echo result;</li>
 * <li>anything else → result {@code echo: <title>\n\n<description>} with a data part {@code {"length": n}}.</li>
 * </ul>
 * A 409 (or 404) on any call about the task means this runtime no longer holds it (its lease lapsed, or the task was
 * cancelled): the task is dropped without a result. Connection errors, 5xx and 429 are retried after a back-off of 1 s,
 * 2 s, 4 s, ... capped at 30 s ({@link Options}), reset by the next answer. {@link #close()} stops the loop: a claim in
 * flight is abandoned and a task in hand is dropped (its lease lapses and Agora hands it to the next claim).
 */
public final class PullingEchoAgent implements AutoCloseable {

    /**
     * @param claimWaitSeconds how long each claim waits for a task (the API's long poll, 0 to 30 seconds)
     * @param slowStep         the length of each of the three steps of a {@code [slow]} task
     * @param firstBackoff     the pause after a first failed call (connection error, 5xx, 429); doubled per failure
     * @param maxBackoff       the longest pause
     */
    public record Options(int claimWaitSeconds, Duration slowStep, Duration firstBackoff, Duration maxBackoff) {
        public Options {
            if (claimWaitSeconds < 0 || claimWaitSeconds > 30) {
                throw new IllegalArgumentException("claimWaitSeconds must be 0 to 30");
            }
            Objects.requireNonNull(slowStep, "slowStep");
            Objects.requireNonNull(firstBackoff, "firstBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            if (slowStep.isNegative() || firstBackoff.isNegative() || firstBackoff.isZero()
                    || maxBackoff.compareTo(firstBackoff) < 0) {
                throw new IllegalArgumentException("slowStep >= 0, firstBackoff > 0 and maxBackoff >= firstBackoff");
            }
        }

        /** Claims wait 25 s, 1 s slow steps, back-off 1 s doubling up to 30 s. */
        public static Options defaults() {
            return new Options(25, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(30));
        }
    }

    static final String TASKS_PATH = "/api/runtime/tasks";
    static final String THOUGHT = "echoing";
    static final String ASK_QUESTION = EchoAgent.ASK_QUESTION;
    static final String FAIL_TEXT = EchoAgent.FAIL_TEXT;
    static final int SLOW_STEPS = 3;

    private static final System.Logger LOG = System.getLogger(PullingEchoAgent.class.getName());
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** What a call may take beyond the claim's wait (or alone, for a report). */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final String base;
    private final String authorization;
    private final Options options;
    private final HttpClient http;
    private final Thread worker;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final AtomicInteger failedCalls = new AtomicInteger();

    private PullingEchoAgent(URI gateway, String token, Options options) {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(options, "options");
        if (!"http".equals(gateway.getScheme()) && !"https".equals(gateway.getScheme()) || gateway.getHost() == null) {
            throw new IllegalArgumentException("the gateway must be an http(s) URL: " + gateway);
        }
        if (token.isBlank()) {
            throw new IllegalArgumentException("the agent token must not be blank");
        }
        String url = gateway.toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.authorization = "Bearer " + token.strip();
        this.options = options;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.worker = new Thread(this::run, "echo-puller");
        this.worker.setDaemon(true);
    }

    /** Starts pulling the tasks of the agent {@code token} belongs to from {@code gateway}, with the default options. */
    public static PullingEchoAgent start(URI gateway, String token) {
        return start(gateway, token, Options.defaults());
    }

    public static PullingEchoAgent start(URI gateway, String token, Options options) {
        PullingEchoAgent agent = new PullingEchoAgent(gateway, token, options);
        agent.worker.start();
        return agent;
    }

    /** Whether the worker loop still runs (until {@link #close()}). */
    public boolean isRunning() {
        return worker.isAlive();
    }

    /** Tasks ended by this runtime: a result, a failure or a question sent and accepted. */
    public int tasksFinished() {
        return completed.get();
    }

    /** Tasks dropped because the API said this runtime no longer holds them (409, 404, another 4xx). */
    public int tasksDropped() {
        return dropped.get();
    }

    /** Calls that failed with a connection error, 5xx or 429 (each retried after a back-off). */
    public int failedCalls() {
        return failedCalls.get();
    }

    /** Stops the loop and waits (up to 10 s) for the worker to end; a task in hand is dropped. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closing.countDown();
            worker.interrupt();
        }
        if (Thread.currentThread() != worker) {
            try {
                worker.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The pause after the {@code failures}-th consecutive failed call: first, doubled each time, capped. */
    static Duration backoff(int failures, Options options) {
        Duration delay = options.firstBackoff();
        for (int i = 1; i < failures && delay.compareTo(options.maxBackoff()) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(options.maxBackoff()) > 0 ? options.maxBackoff() : delay;
    }

    // ---------------------------------------------------------------- the loop

    private void run() {
        while (!closed.get()) {
            try {
                JsonNode claimed = claim();
                if (claimed != null) {
                    work(claimed);
                }
            } catch (Stopping e) {
                break;
            } catch (TaskLost e) {
                dropped.incrementAndGet();
                LOG.log(System.Logger.Level.WARNING, "dropped task " + e.taskId + ": " + e.getMessage());
            } catch (RuntimeException e) {
                // a bug or an answer this agent cannot read: never let the loop die, but do not spin either
                LOG.log(System.Logger.Level.ERROR, "unexpected error; pulling on", e);
                try {
                    pause(options.maxBackoff());
                } catch (Stopping stopping) {
                    break;
                }
            }
        }
        LOG.log(System.Logger.Level.INFO, "stopped pulling from " + base);
    }

    /** The next task, or null when the long poll ended without one (204). */
    private JsonNode claim() {
        String path = TASKS_PATH + "/claim?wait=" + options.claimWaitSeconds();
        // anything but 200 and 204 (401: a wrong, rotated or stopped deployment's token) is retried with back-off
        HttpResponse<String> response = call(null, path, null, CALL_TIMEOUT.plusSeconds(options.claimWaitSeconds()),
                status -> status != 200 && status != 204);
        if (response.statusCode() == 204) {
            return null;
        }
        JsonNode claimed = json(response.body());
        LOG.log(System.Logger.Level.INFO, "claimed task " + claimed.path("taskId").asText() + " (attempt "
                + claimed.path("attempt").asInt() + ")");
        return claimed;
    }

    private void work(JsonNode claimed) {
        Task task = new Task(text(claimed, "taskId"), text(claimed, "leaseToken"));
        String title = text(claimed, "title");
        String description = text(claimed, "description");
        String answer = text(claimed, "answer");
        String markers = (title == null ? "" : title) + "\n" + (description == null ? "" : description);

        progress(task, "thought", THOUGHT);
        if (answer != null && !answer.isBlank()) {
            result(task, "hello " + answer.strip(), null);
        } else if (markers.contains("[fail]")) {
            ObjectNode body = task.body().put("reason", FAIL_TEXT);
            report(task, "fail", body);
        } else if (markers.contains("[ask]")) {
            report(task, "input-required", task.body().put("question", ASK_QUESTION));
        } else {
            if (markers.contains("[slow]")) {
                for (int step = 1; step <= SLOW_STEPS; step++) {
                    pause(options.slowStep());
                    report(task, "heartbeat", task.body());
                    progress(task, "status", "step " + step + "/" + SLOW_STEPS);
                }
            }
            String echoed = (title == null ? "" : title)
                    + (description == null || description.isBlank() ? "" : "\n\n" + description);
            result(task, "echo: " + echoed, echoed.length());
        }
        completed.incrementAndGet();
    }

    private void progress(Task task, String kind, String text) {
        report(task, "progress", task.body().put("kind", kind).put("text", text));
    }

    private void result(Task task, String text, Integer length) {
        ObjectNode body = task.body().put("text", text);
        if (length != null) {
            body.putArray("data").addObject().put("length", length);
        }
        report(task, "result", body);
    }

    /** A call about the task this runtime holds; any 4xx (409: lease lost or task cancelled) drops it. */
    private void report(Task task, String action, ObjectNode body) {
        HttpResponse<String> response = call(task, TASKS_PATH + "/" + task.id + "/" + action, body, CALL_TIMEOUT,
                status -> false);
        int status = response.statusCode();
        if (status >= 300) {
            throw new TaskLost(task.id, action + " answered " + status
                    + (status == 409 ? " (this runtime no longer holds the task)" : "") + ": " + response.body());
        }
        if ("result".equals(action) || "fail".equals(action) || "input-required".equals(action)) {
            LOG.log(System.Logger.Level.INFO, "task " + task.id + ": " + action + " sent");
        }
    }

    /**
     * POSTs {@code body} (none: no body) and answers the response; connection errors, 5xx, 429 and statuses
     * {@code retryAlso} accepts are retried after a back-off. Throws {@link Stopping} once {@link #close()} was called.
     */
    private HttpResponse<String> call(Task task, String path, ObjectNode body, Duration timeout, IntPredicate retryAlso) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Authorization", authorization).header("Accept", "application/json");
        if (body == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        }
        HttpRequest built = request.build();
        int failures = 0;
        while (true) {
            if (closed.get()) {
                throw new Stopping();
            }
            String problem;
            try {
                HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (status < 500 && status != 429 && !retryAlso.test(status)) {
                    return response;
                }
                problem = "HTTP " + status + (response.body().isEmpty() ? "" : ": " + abbreviate(response.body()));
            } catch (IOException e) {
                if (closed.get()) {
                    throw new Stopping();
                }
                problem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stopping();
            }
            failures++;
            failedCalls.incrementAndGet();
            Duration delay = backoff(failures, options);
            LOG.log(System.Logger.Level.WARNING, "POST " + path + " failed (" + problem + "); retrying in "
                    + delay.toMillis() + " ms" + (task == null ? "" : " (task " + task.id + ")"));
            pause(delay);
        }
    }

    /** Waits {@code delay}, or throws {@link Stopping} as soon as the agent closes. */
    private void pause(Duration delay) {
        try {
            if (closing.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new Stopping();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopping();
        }
    }

    private static JsonNode json(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the claim is not JSON: " + abbreviate(body), e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    private static String abbreviate(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= 300 ? line : line.substring(0, 300) + "...";
    }

    /** The task held: its id and the lease its claim answered, named in every report. */
    private record Task(String id, String leaseToken) {
        Task {
            if (id == null || leaseToken == null) {
                throw new IllegalStateException("a claim without taskId or leaseToken");
            }
        }

        ObjectNode body() {
            return MAPPER.createObjectNode().put("leaseToken", leaseToken);
        }
    }

    /** The agent is closing. */
    private static final class Stopping extends RuntimeException {
        Stopping() {
            super(null, null, false, false);
        }
    }

    /** The API says this runtime does not hold the task any more: stop working on it. */
    private static final class TaskLost extends RuntimeException {
        final String taskId;

        TaskLost(String taskId, String message) {
            super(message, null, false, false);
            this.taskId = taskId;
        }
    }
}
