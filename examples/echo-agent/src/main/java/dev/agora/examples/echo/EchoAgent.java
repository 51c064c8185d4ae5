package dev.agora.examples.echo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A reference A2A v0.3.0 agent: JSON-RPC 2.0 over HTTP ({@code message/send}, {@code message/stream} as
 * server-sent events, {@code tasks/get}, {@code tasks/cancel}, {@code tasks/resubscribe}) and its agent card at
 * {@code /.well-known/agent-card.json}. It echoes the text of each message; markers in the text pick other
 * behaviours ({@code [slow]}, {@code [ask]}, {@code [reject]}, {@code [fail]}, {@code [malformed]},
 * {@code [hang]}, see the README). Meant for tests (start it in-process, then inspect {@link #received()},
 * {@link #violations()} and {@link #tasksCreated()}) and for demos ({@link Main}).
 * <p>
 * Runs on the JDK's HTTP server with a thread per request, so a hanging request never blocks another.
 */
public final class EchoAgent implements AutoCloseable {

    /**
     * @param streaming         whether the card announces {@code capabilities.streaming} and {@code message/stream} works
     * @param slowStep          the length of each of the three steps of a {@code [slow]} task
     * @param pushNotifications whether the card announces {@code capabilities.pushNotifications}: a message's
     *                          {@code configuration.pushNotificationConfig} is then honoured (the Task is POSTed to its
     *                          {@code url} each time the task settles); without it such a message is error -32003
     */
    public record Options(boolean streaming, Duration slowStep, boolean pushNotifications) {
        public Options {
            Objects.requireNonNull(slowStep, "slowStep");
            if (slowStep.isNegative()) {
                throw new IllegalArgumentException("slowStep must not be negative");
            }
        }

        /** Without push notifications. */
        public Options(boolean streaming, Duration slowStep) {
            this(streaming, slowStep, false);
        }

        /** Streaming on, 200 ms steps, no push notifications. */
        public static Options defaults() {
            return new Options(true, Duration.ofMillis(200), false);
        }
    }

    static final String CARD_PATH = "/.well-known/agent-card.json";
    static final String LEGACY_CARD_PATH = "/.well-known/agent.json";
    static final String RPC_PATH = "/a2a";
    static final String MALFORMED_BODY = "not json-rpc";
    static final String ASK_QUESTION = "What name should I greet?";
    static final String REJECT_TEXT = "I only echo; I reject this task.";
    static final String FAIL_TEXT = "echo failed on purpose";
    /** The longest a {@code [hang]} request is held (unless the agent closes first). */
    private static final long HANG_MILLIS = TimeUnit.MINUTES.toMillis(10);
    private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    /** JSON-RPC method → the schema definition its request must satisfy. */
    private static final Map<String, String> REQUEST_DEFINITIONS = Map.ofEntries(
            Map.entry("message/send", "SendMessageRequest"),
            Map.entry("message/stream", "SendStreamingMessageRequest"),
            Map.entry("tasks/get", "GetTaskRequest"),
            Map.entry("tasks/cancel", "CancelTaskRequest"),
            Map.entry("tasks/resubscribe", "TaskResubscriptionRequest"),
            Map.entry("tasks/pushNotificationConfig/set", "SetTaskPushNotificationConfigRequest"),
            Map.entry("tasks/pushNotificationConfig/get", "GetTaskPushNotificationConfigRequest"),
            Map.entry("tasks/pushNotificationConfig/list", "ListTaskPushNotificationConfigRequest"),
            Map.entry("tasks/pushNotificationConfig/delete", "DeleteTaskPushNotificationConfigRequest"),
            Map.entry("agent/getAuthenticatedExtendedCard", "GetAuthenticatedExtendedCardRequest"));

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService httpThreads;
    private final ScheduledExecutorService workThread;
    private final Options options;
    private final boolean wildcard;
    private final URI baseUrl;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch closing = new CountDownLatch(1);

    private final List<JsonNode> received = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final Object lock = new Object();
    private final Map<String, EchoTask> tasks = new ConcurrentHashMap<>();
    private final AtomicInteger cardReads = new AtomicInteger();
    private final Map<String, String> taskByMessageId = new HashMap<>();
    private final List<Notification> notifications = new ArrayList<>();
    private final ExecutorService notifier;
    private final HttpClient notificationClient;

    private EchoAgent(String host, int port, Options options) throws IOException {
        this.options = Objects.requireNonNull(options, "options");
        InetAddress address = InetAddress.getByName(host);
        this.wildcard = address.isAnyLocalAddress();
        this.httpThreads = Executors.newCachedThreadPool(daemon("echo-agent-http"));
        this.workThread = Executors.newSingleThreadScheduledExecutor(daemon("echo-agent-work"));
        this.notifier = Executors.newSingleThreadExecutor(daemon("echo-agent-push"));
        this.notificationClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.server = HttpServer.create(new InetSocketAddress(address, port), 64);
        server.setExecutor(httpThreads);
        server.createContext("/", this::handle);
        server.start();
        String urlHost = wildcard ? "127.0.0.1" : address.getHostAddress();
        if (urlHost.contains(":")) {
            urlHost = "[" + urlHost + "]";
        }
        this.baseUrl = URI.create("http://" + urlHost + ":" + server.getAddress().getPort());
    }

    /** Starts an agent on 127.0.0.1 with {@link Options#defaults()}; port 0 picks a free port. */
    public static EchoAgent start(int port) {
        return start(port, Options.defaults());
    }

    /** Starts an agent on 127.0.0.1; port 0 picks a free port. */
    public static EchoAgent start(int port, Options options) {
        return start("127.0.0.1", port, options);
    }

    /** Starts an agent on {@code host} (an address or name to bind; 0.0.0.0 for every interface). */
    static EchoAgent start(String host, int port, Options options) {
        try {
            return new EchoAgent(host, port, options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the echo agent on " + host + ":" + port, e);
        }
    }

    /** {@code http://127.0.0.1:<port>} */
    public URI baseUrl() {
        return baseUrl;
    }

    /** The agent card: {@code baseUrl + /.well-known/agent-card.json}. */
    public URI cardUrl() {
        return URI.create(baseUrl + CARD_PATH);
    }

    /** The JSON-RPC endpoint, the card's {@code url}: {@code baseUrl + /a2a}. */
    public URI rpcUrl() {
        return URI.create(baseUrl + RPC_PATH);
    }

    /** Every JSON-RPC request body received (that was JSON), in order of arrival. */
    public List<JsonNode> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /**
     * The violations of the received requests against the A2A v0.3.0 JSON Schema (each request against the
     * definition of its method, e.g. {@code SendMessageRequest}), plus bodies that were not JSON or not a
     * JSON-RPC request of a known method. Empty when everything received was valid.
     */
    public List<String> violations() {
        synchronized (received) {
            return List.copyOf(violations);
        }
    }

    /**
     * A push notification sent: where, with which {@code X-A2A-Notification-Token} (null when the config had no
     * token), the Task it carried, and the HTTP status answered (-1 when the request failed).
     */
    public record Notification(String url, String token, JsonNode task, int status) {
    }

    /** The push notifications sent, in order. */
    public List<Notification> notifications() {
        synchronized (notifications) {
            return List.copyOf(notifications);
        }
    }

    /** How many times the agent card was read. */
    public int cardReads() {
        return cardReads.get();
    }

    /** How many distinct A2A tasks were created (a re-sent {@code messageId} creates none). */
    public int tasksCreated() {
        return tasks.size();
    }

    /** Stops the server: held ({@code [hang]}) requests and open streams are closed, pending work stops. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closing.countDown();
        server.stop(0);
        workThread.shutdownNow();
        notifier.shutdownNow();
        httpThreads.shutdownNow();
    }

    // ---------------------------------------------------------------- HTTP

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (CARD_PATH.equals(path) || LEGACY_CARD_PATH.equals(path)) {
                if (!"GET".equals(method) && !"HEAD".equals(method)) {
                    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                    send(exchange, 405, "application/json", "{\"error\":\"method not allowed\"}");
                    return;
                }
                cardReads.incrementAndGet();
                send(exchange, 200, "application/json", MAPPER.writeValueAsString(card(exchange)));
            } else if (RPC_PATH.equals(path)) {
                if (!"POST".equals(method)) {
                    exchange.getResponseHeaders().set("Allow", "POST");
                    send(exchange, 405, "application/json", "{\"error\":\"JSON-RPC requests are POSTed\"}");
                    return;
                }
                try {
                    rpc(exchange);
                } catch (RuntimeException e) {
                    if (exchange.getResponseCode() == -1 && !closed.get()) {
                        sendJson(exchange, error(NullNode.getInstance(), -32603, "Internal error",
                                MAPPER.createObjectNode().put("exception", e.toString())));
                    }
                    System.getLogger(EchoAgent.class.getName()).log(System.Logger.Level.WARNING, "JSON-RPC request failed", e);
                }
            } else {
                send(exchange, 404, "application/json", "{\"error\":\"not found; the agent card is at " + CARD_PATH + "\"}");
            }
        } catch (IOException | RuntimeException e) {
            if (!closed.get()) {
                throw e;
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sendJson(HttpExchange exchange, JsonNode body) throws IOException {
        send(exchange, 200, "application/json", MAPPER.writeValueAsString(body));
    }

    // ---------------------------------------------------------------- agent card

    private ObjectNode card(HttpExchange exchange) {
        String rpc = rpcUrl().toString();
        String host = exchange == null ? null : exchange.getRequestHeaders().getFirst("Host");
        if (wildcard && host != null && !host.isBlank()) {
            // bound to every interface: answer with the address the client used
            rpc = "http://" + host + RPC_PATH;
        }
        ObjectNode card = MAPPER.createObjectNode();
        card.put("protocolVersion", A2aSchema.PROTOCOL_VERSION);
        card.put("name", "Echo agent");
        card.put("description", "A reference A2A agent that echoes the text it is sent. Markers in the text pick "
                + "other behaviours for testing clients: [slow], [ask], [reject], [fail], [malformed], [hang].");
        card.put("url", rpc);
        card.put("preferredTransport", "JSONRPC");
        card.putArray("additionalInterfaces").addObject().put("url", rpc).put("transport", "JSONRPC");
        card.put("version", "0.1.0");
        ObjectNode capabilities = card.putObject("capabilities");
        capabilities.put("streaming", options.streaming());
        capabilities.put("pushNotifications", options.pushNotifications());
        capabilities.put("stateTransitionHistory", false);
        card.putArray("defaultInputModes").add("text/plain").add("application/json");
        card.putArray("defaultOutputModes").add("text/plain").add("application/json");
        ArrayNode skills = card.putArray("skills");
        skill(skills, "echo", "Echo", "Completes at once with an artifact holding the text as 'echo: <text>' and its length.",
                "hello world");
        skill(skills, "slow", "Slow echo", "With [slow] in the text the work takes three steps (status messages 'step 1/3' ...) "
                + "before the echo; a non-blocking send answers the task while it is working.", "[slow] take your time");
        skill(skills, "ask", "Ask for input", "With [ask] the task stops at input-required asking '" + ASK_QUESTION
                + "'; the answer, sent with the same taskId, completes it with 'hello <answer>'.", "[ask] greet someone");
        skill(skills, "reject", "Reject", "With [reject] the task is rejected.", "[reject] do my taxes");
        skill(skills, "fail", "Fail", "With [fail] the task fails.", "[fail] try anyway");
        skill(skills, "malformed", "Malformed answer", "With [malformed] the HTTP answer is 200 with the plain text '"
                + MALFORMED_BODY + "' instead of a JSON-RPC response.", "[malformed] break the client");
        skill(skills, "hang", "Hang", "With [hang] the request is never answered (held until the client gives up).",
                "[hang] wait forever");
        card.put("supportsAuthenticatedExtendedCard", false);
        return card;
    }

    private static void skill(ArrayNode skills, String id, String name, String description, String example) {
        ObjectNode skill = skills.addObject();
        skill.put("id", id);
        skill.put("name", name);
        skill.put("description", description);
        skill.putArray("tags").add("echo").add("testing");
        skill.putArray("examples").add(example);
    }

    // ---------------------------------------------------------------- JSON-RPC

    private void rpc(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            send(exchange, 413, "application/json", "{\"error\":\"request body above " + MAX_BODY_BYTES + " bytes\"}");
            return;
        }
        JsonNode request;
        try {
            request = MAPPER.readTree(body);
        } catch (IOException e) {
            request = null;
        }
        if (request == null || request.isMissingNode()) {
            violation("a request body that is not JSON");
            sendJson(exchange, error(NullNode.getInstance(), -32700, "Invalid JSON payload", null));
            return;
        }
        int number;
        synchronized (received) {
            received.add(request.deepCopy());
            number = received.size();
        }
        JsonNode id = request.path("id");
        if (!request.isObject() || !"2.0".equals(request.path("jsonrpc").asText(null)) || !request.path("method").isTextual()
                || !(id.isTextual() || id.isIntegralNumber())) {
            violation("request #" + number + ": not a JSON-RPC 2.0 request object with jsonrpc \"2.0\", an id (string or "
                    + "integer) and a method");
            JsonNode replyId = id.isTextual() || id.isIntegralNumber() ? id : NullNode.getInstance();
            sendJson(exchange, error(replyId, -32600, "Request payload validation error", null));
            return;
        }
        String method = request.path("method").asText();
        String definition = REQUEST_DEFINITIONS.get(method);
        if (definition == null) {
            violation("request #" + number + ": unknown method '" + method + "'");
            sendJson(exchange, error(id, -32601, "Method not found", MAPPER.createObjectNode().put("method", method)));
            return;
        }
        List<String> problems = A2aSchema.violations(request, definition);
        if (!problems.isEmpty()) {
            problems.forEach(p -> violation("request #" + number + " (" + method + ", " + definition + "): " + p));
            ObjectNode data = MAPPER.createObjectNode();
            problems.forEach(data.putArray("violations")::add);
            sendJson(exchange, error(id, -32602, "Invalid parameters", data));
            return;
        }
        JsonNode params = request.path("params");
        if (method.startsWith("message/") && params.path("configuration").has("pushNotificationConfig")
                && !options.pushNotifications()) {
            sendJson(exchange, error(id, -32003, "Push Notification is not supported", null));
            return;
        }
        switch (method) {
            case "message/send" -> messageSend(exchange, id, params);
            case "message/stream" -> {
                if (options.streaming()) {
                    messageStream(exchange, id, params);
                } else {
                    sendJson(exchange, error(id, -32004, "This operation is not supported: streaming is off", null));
                }
            }
            case "tasks/get" -> {
                EchoTask task = tasks.get(params.path("id").asText());
                sendJson(exchange, task == null ? taskNotFound(id, params.path("id").asText())
                        : result(id, task.snapshot(historyLength(params))));
            }
            case "tasks/cancel" -> {
                EchoTask task = tasks.get(params.path("id").asText());
                if (task == null) {
                    sendJson(exchange, taskNotFound(id, params.path("id").asText()));
                } else if (!task.cancel()) {
                    sendJson(exchange, error(id, -32002, "Task cannot be canceled",
                            MAPPER.createObjectNode().put("taskId", task.id).put("state", task.state())));
                } else {
                    sendJson(exchange, result(id, task.snapshot(null)));
                }
            }
            case "tasks/resubscribe" -> {
                EchoTask task = tasks.get(params.path("id").asText());
                if (!options.streaming()) {
                    sendJson(exchange, error(id, -32004, "This operation is not supported: streaming is off", null));
                } else if (task == null) {
                    sendJson(exchange, taskNotFound(id, params.path("id").asText()));
                } else {
                    stream(exchange, id, task, null, null);
                }
            }
            case "agent/getAuthenticatedExtendedCard" ->
                    sendJson(exchange, error(id, -32007, "Authenticated Extended Card is not configured", null));
            default -> sendJson(exchange, error(id, -32003, "Push Notification is not supported", null));
        }
    }

    private void violation(String text) {
        synchronized (received) {
            violations.add(text);
        }
    }

    /** What a message asks for: an existing task (re-sent messageId or follow-up) or a new one. */
    private record Accepted(EchoTask task, Kind kind, String text) {
        enum Kind { NEW, ANSWER, RESENT }
    }

    /** Answers the JSON-RPC error itself and returns null, or returns the task the message belongs to. */
    private Accepted accept(HttpExchange exchange, JsonNode id, JsonNode params) throws IOException {
        ObjectNode message = (ObjectNode) params.path("message");
        String text = text(message);
        if (text.contains("[malformed]")) {
            send(exchange, 200, "text/plain", MALFORMED_BODY);
            return null;
        }
        if (text.contains("[hang]")) {
            hang();
            return null;
        }
        String messageId = message.path("messageId").asText();
        synchronized (lock) {
            String known = taskByMessageId.get(messageId);
            if (known != null) {
                return new Accepted(tasks.get(known), Accepted.Kind.RESENT, text);
            }
            if (message.hasNonNull("taskId")) {
                String taskId = message.path("taskId").asText();
                EchoTask task = tasks.get(taskId);
                if (task == null) {
                    sendJson(exchange, taskNotFound(id, taskId));
                    return null;
                }
                if (message.hasNonNull("contextId") && !task.contextId.equals(message.path("contextId").asText())) {
                    sendJson(exchange, error(id, -32602, "Invalid parameters: task " + taskId + " belongs to context "
                            + task.contextId, null));
                    return null;
                }
                if (!task.acceptAnswer(message)) {
                    sendJson(exchange, error(id, -32602, "Invalid parameters: task " + taskId + " is " + task.state()
                            + ", it takes no further message", null));
                    return null;
                }
                taskByMessageId.put(messageId, taskId);
                return new Accepted(task, Accepted.Kind.ANSWER, text);
            }
            String contextId = message.hasNonNull("contextId") ? message.path("contextId").asText() : UUID.randomUUID().toString();
            EchoTask task = new EchoTask(UUID.randomUUID().toString(), contextId);
            task.addUserMessage(message);
            tasks.put(task.id, task);
            taskByMessageId.put(messageId, task.id);
            return new Accepted(task, Accepted.Kind.NEW, text);
        }
    }

    private void messageSend(HttpExchange exchange, JsonNode id, JsonNode params) throws IOException {
        Accepted accepted = accept(exchange, id, params);
        if (accepted == null) {
            return;
        }
        pushTo(accepted, params);
        run(accepted);
        JsonNode configuration = params.path("configuration");
        // blocking unless the client says otherwise (as the A2A SDKs do)
        if (configuration.path("blocking").asBoolean(true)) {
            try {
                accepted.task().awaitSettled(Math.max(60_000, 10 * options.slowStep().toMillis()), closed::get);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        sendJson(exchange, result(id, accepted.task().snapshot(historyLength(configuration))));
    }

    private void messageStream(HttpExchange exchange, JsonNode id, JsonNode params) throws IOException {
        Accepted accepted = accept(exchange, id, params);
        if (accepted != null) {
            pushTo(accepted, params);
            stream(exchange, id, accepted.task(), accepted, historyLength(params.path("configuration")));
        }
    }

    /** The message's push notification config, if any, applies to its task from now on. */
    private void pushTo(Accepted accepted, JsonNode params) {
        JsonNode config = params.path("configuration").path("pushNotificationConfig");
        if (config.isObject()) {
            accepted.task().pushTo((ObjectNode) config, this::sendNotification);
        }
    }

    /** POSTs the Task to the config's url (with its token in {@code X-A2A-Notification-Token}), off the task's lock. */
    private void sendNotification(ObjectNode config, ObjectNode task) {
        List<String> problems = A2aSchema.violations(task, "Task");
        problems.forEach(p -> violation("push notification: " + p));
        String url = config.path("url").asText();
        String token = config.hasNonNull("token") ? config.path("token").asText() : null;
        try {
            notifier.execute(() -> {
                int status;
                try {
                    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(task)));
                    if (token != null) {
                        request.header("X-A2A-Notification-Token", token);
                    }
                    status = notificationClient.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    status = -1;
                } catch (IOException | RuntimeException e) {
                    status = -1;
                }
                synchronized (notifications) {
                    notifications.add(new Notification(url, token, task, status));
                }
            });
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    /**
     * Server-sent events: the Task as it is now, then its events up to the one with {@code final: true}
     * (a task that is already settled gets one final status event after the Task).
     */
    private void stream(HttpExchange exchange, JsonNode id, EchoTask task, Accepted accepted, Integer historyLength)
            throws IOException {
        BlockingQueue<ObjectNode> events = new LinkedBlockingQueue<>();
        Consumer<ObjectNode> follower = events::add;
        ObjectNode first = task.follow(follower, historyLength);
        try {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            event(out, id, first);
            if (accepted != null) {
                run(accepted);
            }
            if (EchoTask.isSettled(first.path("status").path("state").asText())) {
                event(out, id, task.statusEvent());
            } else {
                while (!closed.get()) {
                    ObjectNode next = events.poll(100, TimeUnit.MILLISECONDS);
                    if (next == null) {
                        continue;
                    }
                    event(out, id, next);
                    if (next.path("final").asBoolean(false)) {
                        break;
                    }
                }
            }
            out.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            task.unfollow(follower);
        }
    }

    private static void event(OutputStream out, JsonNode id, JsonNode resultValue) throws IOException {
        out.write(("data: " + MAPPER.writeValueAsString(result(id, resultValue)) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Holds the request (no answer) until the agent closes or {@link #HANG_MILLIS} passed; the connection then closes. */
    private void hang() {
        try {
            closing.await(HANG_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- the work

    private void run(Accepted accepted) {
        EchoTask task = accepted.task();
        String text = accepted.text();
        switch (accepted.kind()) {
            case RESENT -> {
                // the same message again: the task it created answers, nothing runs twice
            }
            case ANSWER -> {
                task.update("working", null);
                ObjectNode artifact = artifact("greeting");
                artifact.withArray("parts").addObject().put("kind", "text").put("text", "hello " + text);
                task.addArtifact(artifact);
                task.update("completed", null);
            }
            case NEW -> {
                if (text.contains("[reject]")) {
                    task.update("rejected", REJECT_TEXT);
                } else if (text.contains("[fail]")) {
                    task.update("failed", FAIL_TEXT);
                } else if (text.contains("[ask]")) {
                    task.update("input-required", ASK_QUESTION);
                } else if (text.contains("[slow]")) {
                    step(task, text, 1);
                } else {
                    complete(task, text);
                }
            }
        }
    }

    /** Step {@code n} of 3 of a slow task, then the echo after the third step. */
    private void step(EchoTask task, String text, int n) {
        boolean moved = n <= 3 ? task.update("working", "step " + n + "/3") : complete(task, text);
        if (moved && n <= 3) {
            try {
                task.scheduled(workThread.schedule(() -> step(task, text, n + 1),
                        options.slowStep().toMillis(), TimeUnit.MILLISECONDS));
            } catch (RejectedExecutionException e) {
                // closing
            }
        }
    }

    private boolean complete(EchoTask task, String text) {
        ObjectNode artifact = artifact("echo");
        ArrayNode parts = artifact.withArray("parts");
        parts.addObject().put("kind", "text").put("text", "echo: " + text);
        parts.addObject().put("kind", "data").putObject("data").put("length", text.length());
        return task.addArtifact(artifact) && task.update("completed", null);
    }

    private static ObjectNode artifact(String name) {
        ObjectNode artifact = MAPPER.createObjectNode();
        artifact.put("artifactId", UUID.randomUUID().toString());
        artifact.put("name", name);
        artifact.putArray("parts");
        return artifact;
    }

    /** The text parts of a message, joined with new lines. */
    private static String text(JsonNode message) {
        List<String> texts = new ArrayList<>();
        for (JsonNode part : message.path("parts")) {
            if ("text".equals(part.path("kind").asText()) && part.path("text").isTextual()) {
                texts.add(part.path("text").asText());
            }
        }
        return String.join("\n", texts);
    }

    private static Integer historyLength(JsonNode holder) {
        JsonNode value = holder.path("historyLength");
        return value.isIntegralNumber() ? value.asInt() : null;
    }

    // ---------------------------------------------------------------- JSON-RPC envelopes

    private static ObjectNode result(JsonNode id, JsonNode value) {
        ObjectNode response = MAPPER.createObjectNode();
        response.put("jsonrpc", "2.0");
        response.set("id", id);
        response.set("result", value);
        return response;
    }

    private static ObjectNode taskNotFound(JsonNode id, String taskId) {
        return error(id, -32001, "Task not found", MAPPER.createObjectNode().put("taskId", taskId));
    }

    private static ObjectNode error(JsonNode id, int code, String message, JsonNode data) {
        ObjectNode response = MAPPER.createObjectNode();
        response.put("jsonrpc", "2.0");
        response.set("id", id);
        ObjectNode error = response.putObject("error");
        error.put("code", code);
        error.put("message", message);
        if (data != null) {
            error.set("data", data);
        }
        return response;
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
