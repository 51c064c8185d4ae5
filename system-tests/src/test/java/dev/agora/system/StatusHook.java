package dev.agora.system;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

import io.restassured.http.ContentType;

/**
 * A webhook receiver on loopback and the owner's trigger that calls it whenever one of their agents changes status:
 * the reliability suites' triggers firing. Remembers each delivery by its {@code webhook-id} (the action job, the
 * same on every retry of one delivery) and the agent it named. The stack must allow outbound calls to 127.0.0.1.
 */
final class StatusHook implements AutoCloseable {
    private static final Pattern AGENT = Pattern.compile("\"agent\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    /** webhook-id → the agent it named. */
    final Map<String, String> deliveries = new ConcurrentHashMap<>();
    /** The webhook-ids in the order they first arrived. */
    private final List<String> arrivals = new ArrayList<>();
    final AtomicInteger requests = new AtomicInteger();
    private final HttpServer server;

    private StatusHook(HttpServer server) {
        this.server = server;
    }

    /** Starts the receiver and creates the owner's trigger calling it. */
    static StatusHook install(String ownerToken) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        StatusHook hook = new StatusHook(server);
        server.createContext("/status", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher agent = AGENT.matcher(body);
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            if (id != null && agent.find()) {
                hook.arrived(id, agent.group(1));
            }
            hook.requests.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/status";
        given().auth().oauth2(ownerToken).contentType(ContentType.JSON)
                .body("{\"name\":\"status hook\",\"source\":{\"type\":\"platform\",\"eventTypes\":"
                        + "[\"agora.agent.status-changed.v1\"]},\"actions\":[{\"type\":\"rest\",\"config\":{\"url\":\""
                        + url + "\",\"body\":{\"agent\":\"{{event.agentId}}\"}}}]}")
                .when().post("/api/triggers").then().statusCode(201);
        return hook;
    }

    private synchronized void arrived(String webhookId, String agent) {
        if (deliveries.put(webhookId, agent) == null) {
            arrivals.add(webhookId);
        }
    }

    /** The webhook-ids received, in the order each first arrived. */
    synchronized List<String> arrivalOrder() {
        return List.copyOf(arrivals);
    }

    /** The agents named by the deliveries received, each with how many different deliveries named it. */
    Map<String, Integer> deliveriesPerAgent() {
        Map<String, Integer> counts = new ConcurrentHashMap<>();
        deliveries.values().forEach(agent -> counts.merge(agent, 1, Integer::sum));
        return counts;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
