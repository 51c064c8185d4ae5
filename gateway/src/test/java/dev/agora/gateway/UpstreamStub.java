package dev.agora.gateway;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.agora.localinfra.FreePorts;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * Stand-ins for agent-, deployment- and marketplace-service: small Vert.x servers that echo what reached them, each
 * with a management server of its own that serves only its {@code /q/openapi} (as the services' management interfaces
 * do; the main servers answer 404 there). trigger-service points at ports nobody listens on. What each stub saw is counted by {@code X-Request-Id} and
 * readable over HTTP at {@code GET /__stub/seen/{requestId}} (no class shared with the application under test), and
 * the connections each stub has accepted at {@code GET /__stub/connections}.
 * <ul>
 * <li>{@code .../slow}: answers after {@link #SLOW_MILLIS}, longer than the gateway's test timeout; whether the gateway
 * gave the exchange up before (closed it) is readable at {@code GET /__stub/closed/{requestId}}</li>
 * <li>{@code .../stream?chunks=n}: a chunked response of n 1 KiB chunks</li>
 * <li>{@code .../events}: {@link #EVENTS} Server-Sent Events, {@link #EVENT_GAP_MILLIS} apart</li>
 * <li>{@code .../upload}: the length and SHA-256 of the request body</li>
 * <li>{@code POST /api/agents}: 201 with an absolute {@code Location} built from the {@code Host} it received</li>
 * <li>{@code ?usageAgent=&usageCost=}: answers with those as {@code Agora-Usage-Agent} / {@code Agora-Usage-Cost-Usd}</li>
 * <li>anything else: 200 with {@code {service, method, path, query, headers, body}}</li>
 * </ul>
 */
public class UpstreamStub implements QuarkusTestResourceLifecycleManager {
    public static final long SLOW_MILLIS = 6_000;
    public static final int EVENTS = 3;
    public static final long EVENT_GAP_MILLIS = 700;

    private final Map<String, Integer> seen = new ConcurrentHashMap<>();
    private final Set<String> closed = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> connections = new ConcurrentHashMap<>();
    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        int agents = listen("agent-service");
        int deployments = listen("deployment-service");
        int marketplace = listen("marketplace-service");
        return Map.of(
                "agora.gateway.routes.agents", "http://127.0.0.1:" + agents,
                "agora.gateway.routes.deployments", "http://127.0.0.1:" + deployments,
                "agora.gateway.routes.marketplace", "http://127.0.0.1:" + marketplace,
                "agora.gateway.routes.triggers", "http://127.0.0.1:" + FreePorts.next(),
                "agora.gateway.management-urls.agents", "http://127.0.0.1:" + listenManagement("agent-service"),
                "agora.gateway.management-urls.deployments", "http://127.0.0.1:" + listenManagement("deployment-service"),
                "agora.gateway.management-urls.marketplace", "http://127.0.0.1:" + listenManagement("marketplace-service"),
                "agora.gateway.management-urls.triggers", "http://127.0.0.1:" + FreePorts.next());
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        }
    }

    private int listen(String service) {
        AtomicInteger accepted = connections.computeIfAbsent(service, name -> new AtomicInteger());
        return listen(vertx.createHttpServer().connectionHandler(connection -> accepted.incrementAndGet())
                .requestHandler(request -> handle(service, request)));
    }

    private int listenManagement(String service) {
        return listen(vertx.createHttpServer().requestHandler(request -> {
            if (request.path().equals("/q/openapi")) {
                request.response().putHeader("Content-Type", "application/json").end(openApi(service).encode());
            } else {
                request.response().setStatusCode(404).end();
            }
        }));
    }

    private static int listen(HttpServer server) {
        return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
                .orTimeout(10, TimeUnit.SECONDS).join().actualPort();
    }

    private void handle(String service, HttpServerRequest request) {
        String path = request.path();
        if (path.startsWith("/__stub/closed/")) {
            String id = path.substring("/__stub/closed/".length());
            request.response().putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("closed", closed.contains(id)).encode());
            return;
        }
        if (path.equals("/__stub/connections")) {
            request.response().putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("count", connections.get(service).get()).encode());
            return;
        }
        if (path.startsWith("/__stub/seen/")) {
            String id = path.substring("/__stub/seen/".length());
            request.response().putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("count", seen.getOrDefault(id, 0)).encode());
            return;
        }
        if (path.startsWith("/q/")) {
            // a service's main port serves no management endpoint
            request.response().setStatusCode(404).end();
            return;
        }
        String requestId = request.getHeader("X-Request-Id");
        if (requestId != null) {
            seen.merge(requestId, 1, Integer::sum);
        }
        request.response().putHeader("X-Upstream", service);
        // lets a test play a service that attributes the request's usage to an agent and a cost
        String usageAgent = request.getParam("usageAgent");
        if (usageAgent != null) {
            request.response().putHeader("Agora-Usage-Agent", usageAgent);
        }
        String usageCost = request.getParam("usageCost");
        if (usageCost != null) {
            request.response().putHeader("Agora-Usage-Cost-Usd", usageCost);
        }
        if (path.endsWith("/slow")) {
            if (requestId != null) {
                request.response().closeHandler(gaveUp -> closed.add(requestId));
            }
            vertx.setTimer(SLOW_MILLIS, ignored -> {
                if (!request.response().closed()) {
                    request.response().end("too late");
                }
            });
            return;
        }
        if (path.endsWith("/events")) {
            // Server-Sent Events, one every EVENT_GAP_MILLIS: a buffering proxy would deliver them all at the end
            request.response().setChunked(true).putHeader("Content-Type", "text/event-stream")
                    .putHeader("Cache-Control", "no-cache");
            request.response().write("data: event-0\n\n");
            for (int i = 1; i < EVENTS; i++) {
                int index = i;
                vertx.setTimer(EVENT_GAP_MILLIS * i, ignored -> {
                    if (!request.response().closed()) {
                        request.response().write("data: event-" + index + "\n\n");
                        if (index == EVENTS - 1) {
                            request.response().end();
                        }
                    }
                });
            }
            return;
        }
        if (path.endsWith("/stream")) {
            int chunks = Integer.parseInt(request.getParam("chunks", "64"));
            request.response().setChunked(true).putHeader("Content-Type", "text/plain");
            for (int i = 0; i < chunks; i++) {
                request.response().write(Buffer.buffer(chunk(i)));
            }
            request.response().end();
            return;
        }
        request.body().onSuccess(body -> {
            if (path.endsWith("/upload")) {
                request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                        .put("length", body.length()).put("sha256", sha256(body.getBytes()))
                        .put("transferEncoding", request.getHeader("Transfer-Encoding")).encode());
                return;
            }
            JsonObject headers = new JsonObject();
            request.headers().forEach(header -> {
                String name = header.getKey().toLowerCase();
                String previous = headers.getString(name);
                headers.put(name, previous == null ? header.getValue() : previous + ", " + header.getValue());
            });
            JsonObject echo = new JsonObject().put("service", service).put("method", request.method().name())
                    .put("path", path).put("query", request.query()).put("headers", headers).put("body", body.toString());
            if (request.method().name().equals("POST") && path.equals("/api/agents")) {
                request.response().setStatusCode(201)
                        .putHeader("Location", "http://" + request.getHeader("Host") + "/api/agents/123");
            }
            request.response().putHeader("Content-Type", "application/json").end(echo.encode());
        });
    }

    /**
     * A small OpenAPI document per service: its own path, a {@code Problem} schema shared verbatim by all of them,
     * and a {@code Thing} schema that each defines differently.
     */
    static JsonObject openApi(String service) {
        String prefix = service.replace("-service", "");
        JsonObject thingRef = new JsonObject().put("$ref", "#/components/schemas/Thing");
        JsonObject get = new JsonObject().put("tags", new io.vertx.core.json.JsonArray().add(prefix))
                .put("responses", new JsonObject().put("200", new JsonObject().put("description", "OK")
                        .put("content", new JsonObject().put("application/json", new JsonObject().put("schema", thingRef)))));
        return new JsonObject().put("openapi", "3.1.0")
                .put("info", new JsonObject().put("title", service).put("version", "1"))
                .put("paths", new JsonObject().put("/api/" + prefix + "/things", new JsonObject().put("get", get)))
                .put("components", new JsonObject().put("schemas", new JsonObject()
                        .put("Problem", new JsonObject().put("type", "object"))
                        .put("Thing", new JsonObject().put("type", "object").put("description", service))));
    }

    public static String chunk(int index) {
        return String.valueOf((char) ('a' + index % 26)).repeat(1023) + "\n";
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
