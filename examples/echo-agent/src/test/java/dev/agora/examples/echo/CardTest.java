package dev.agora.examples.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class CardTest {

    /** GETs an agent card, expecting 200 application/json that validates as an AgentCard. */
    static JsonNode card(URI url) {
        try {
            HttpResponse<String> response = A2aClient.HTTP.send(HttpRequest.newBuilder(url).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            JsonNode card = A2aClient.parse(response.body());
            A2aClient.assertValid(card, "AgentCard");
            return card;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void urlsAreOnLoopbackWithTheCardAndRpcPaths() {
        try (EchoAgent agent = EchoAgent.start(0)) {
            assertEquals("127.0.0.1", agent.baseUrl().getHost());
            assertTrue(agent.baseUrl().getPort() > 0);
            assertEquals(agent.baseUrl() + "/.well-known/agent-card.json", agent.cardUrl().toString());
            assertEquals(agent.baseUrl() + "/a2a", agent.rpcUrl().toString());
        }
    }

    @Test
    void cardIsServedAtTheWellKnownPathAndValidatesAsAnAgentCard() {
        try (EchoAgent agent = EchoAgent.start(0)) {
            JsonNode card = card(agent.cardUrl());
            assertEquals("0.3.0", card.path("protocolVersion").asText());
            assertEquals("Echo agent", card.path("name").asText());
            assertEquals(agent.rpcUrl().toString(), card.path("url").asText());
            assertEquals("JSONRPC", card.path("preferredTransport").asText());
            assertTrue(card.at("/capabilities/streaming").asBoolean());
            assertFalse(card.at("/capabilities/pushNotifications").asBoolean(true));
            assertEquals(List.of("text/plain", "application/json"), strings(card.path("defaultInputModes")));
            assertEquals(List.of("text/plain", "application/json"), strings(card.path("defaultOutputModes")));
            List<String> skills = new ArrayList<>();
            card.path("skills").forEach(s -> {
                skills.add(s.path("id").asText());
                assertFalse(s.path("examples").isEmpty(), "skill " + s + " has examples");
            });
            assertTrue(skills.containsAll(List.of("echo", "slow", "ask", "reject", "fail", "malformed", "hang")), skills::toString);
            assertEquals(List.of(), agent.received(), "reading the card is no JSON-RPC request");
        }
    }

    @Test
    void cardIsAlsoServedAtTheOlderAgentJsonPath() {
        try (EchoAgent agent = EchoAgent.start(0)) {
            assertEquals(card(agent.cardUrl()).path("url"), card(agent.baseUrl().resolve("/.well-known/agent.json")).path("url"));
        }
    }

    @Test
    void twoAgentsRunSideBySideOnFreePorts() {
        try (EchoAgent one = EchoAgent.start(0); EchoAgent two = EchoAgent.start(0)) {
            assertFalse(one.baseUrl().equals(two.baseUrl()));
            card(one.cardUrl());
            card(two.cardUrl());
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(v -> list.add(v.asText()));
        return list;
    }
}
