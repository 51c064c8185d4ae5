package dev.agora.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.examples.echo.A2aSchema;
import dev.agora.examples.echo.EchoAgent;

/** ./run.sh --demo: the echo agent runs in the launcher and is registered as an external agent pointing at its card. */
class DemoEchoAgentTest {

    @Test
    void theDemosExternalAgentIsTheEchoAgentWhoseCardItPointsAt() throws Exception {
        try (EchoAgent echo = EchoAgent.start(0)) {
            JsonNode agent = new ObjectMapper().readTree(DemoData.echoAgentJson(echo.cardUrl().toString()));
            assertEquals("external", agent.path("type").asText());
            assertEquals(DemoData.ECHO_AGENT_SUBDOMAIN, agent.path("subdomain").asText());
            assertEquals(echo.cardUrl().toString(), agent.at("/endpoint/url").asText());
            assertEquals(0, agent.path("priceMicroalgo").asLong(), "free: a demo user hires it without a deposit");
            // a later start with the echo agent on another port points the registered agent at the new card
            assertEquals(echo.cardUrl().toString(), new ObjectMapper()
                    .readTree(DemoData.echoEndpointJson(echo.cardUrl().toString())).at("/endpoint/url").asText());

            HttpResponse<String> card = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(echo.cardUrl()).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, card.statusCode());
            JsonNode json = new ObjectMapper().readTree(card.body());
            assertEquals(List.of(), A2aSchema.violations(json, "AgentCard"));
            assertEquals(echo.rpcUrl().toString(), json.path("url").asText());
            assertTrue(echo.cardUrl().toString().startsWith("http://127.0.0.1:"));
        }
    }
}
