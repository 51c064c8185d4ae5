package dev.agora.examples.echo;

import static dev.agora.examples.echo.A2aClient.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

class PushNotificationsTest {
    /** A notification as the client's endpoint received it. */
    private record Received(String token, JsonNode task) {
    }

    private HttpServer client;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listen() throws IOException {
        client = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        client.createContext("/notify", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                received.add(new Received(exchange.getRequestHeaders().getFirst("X-A2A-Notification-Token"),
                        A2aClient.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8))));
                exchange.sendResponseHeaders(202, -1);
            }
        });
        client.start();
    }

    @AfterEach
    void stop() {
        client.stop(0);
    }

    private String notifyUrl() {
        return "http://127.0.0.1:" + client.getAddress().getPort() + "/notify";
    }

    private static ObjectNode sendWithPush(ObjectNode message, String url, String token) {
        ObjectNode request = A2aClient.request("message/send", message, false);
        ObjectNode config = ((ObjectNode) request.path("params").path("configuration")).putObject("pushNotificationConfig")
                .put("url", url);
        if (token != null) {
            config.put("token", token);
        }
        return request;
    }

    @Test
    void aSlowTaskPostsTheFinishedTaskWithTheTokenToTheConfiguredUrl() {
        try (EchoAgent agent = EchoAgent.start(0, new EchoAgent.Options(false, Duration.ofMillis(100), true))) {
            A2aClient a2a = new A2aClient(agent);
            assertTrue(a2a.call(A2aClient.request("message/send", message("x"), false)).has("result"));
            JsonNode card = A2aClient.parse(A2aClient.HTTP.sendAsync(java.net.http.HttpRequest.newBuilder(agent.cardUrl())
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).join().body());
            assertTrue(card.at("/capabilities/pushNotifications").asBoolean());

            JsonNode answer = a2a.call(sendWithPush(message("[slow] ping"), notifyUrl(), "secret-1"));
            String taskId = answer.at("/result/id").asText();
            assertEquals("working", answer.at("/result/status/state").asText(), "non-blocking: answered while working");

            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
            Received notification = received.get(0);
            assertEquals("secret-1", notification.token());
            assertEquals(taskId, notification.task().path("id").asText());
            assertEquals("completed", notification.task().at("/status/state").asText());
            A2aClient.assertValid(notification.task(), "Task");
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> agent.notifications().size() == 1);
            assertEquals(202, agent.notifications().get(0).status());
            assertEquals(List.of(), agent.violations());
        }
    }

    @Test
    void aQuestionIsNotifiedTooAndAConfigWithoutTokenSendsNone() {
        try (EchoAgent agent = EchoAgent.start(0, new EchoAgent.Options(false, Duration.ofMillis(100), true))) {
            new A2aClient(agent).call(sendWithPush(message("[ask] me"), notifyUrl(), null));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
            assertEquals(null, received.get(0).token());
            assertEquals("input-required", received.get(0).task().at("/status/state").asText());
        }
    }

    @Test
    void anAgentWithoutPushNotificationsRefusesAConfig() {
        try (EchoAgent agent = EchoAgent.start(0, new EchoAgent.Options(false, Duration.ofMillis(100)))) {
            JsonNode answer = new A2aClient(agent).call(sendWithPush(message("hello"), notifyUrl(), "t"));
            assertEquals(-32003, answer.at("/error/code").asInt(), answer::toString);
            assertEquals(0, agent.tasksCreated());
        }
    }
}
