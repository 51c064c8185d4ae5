package dev.agora.triggers.delivery;

import static dev.agora.triggers.delivery.Deliveries.awaitResults;
import static dev.agora.triggers.delivery.Deliveries.fire;
import static dev.agora.triggers.delivery.Deliveries.trigger;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.triggers.TestReceiver;
import dev.agora.triggers.TestReceiver.Answer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** MCP actions against a small Streamable HTTP MCP server: initialize, initialized, tools/call (JSON or SSE). */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class McpDeliveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestReceiver server;

    private final UUID owner = UUID.randomUUID();

    @BeforeAll
    static void start() {
        server = TestReceiver.start();
        server.route("/mcp", request -> answer(request, false, true));
        server.route("/mcp-json", request -> answer(request, false, false));
        server.route("/mcp-tool-error", request -> answer(request, true, false));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A tiny MCP server: one session, a tool echoing its arguments; the tools/call answer as SSE when asked. */
    private static Answer answer(TestReceiver.Received request, boolean toolFails, boolean sse) {
        try {
            JsonNode message = JSON.readTree(request.body());
            String method = message.path("method").asText();
            if (method.equals("initialize")) {
                ObjectNode result = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", message.get("id").asInt());
                result.putObject("result").put("protocolVersion", "2025-06-18").putObject("serverInfo").put("name", "test");
                return new Answer(200, Map.of("Content-Type", "application/json", "Mcp-Session-Id", "session-7"),
                        result.toString(), 0);
            }
            if (!"session-7".equals(request.header("Mcp-Session-Id"))) {
                return Answer.of(400, "{\"error\":\"no session\"}");
            }
            if (method.equals("notifications/initialized")) {
                return Answer.of(202);
            }
            if (!method.equals("tools/call")) {
                return Answer.of(400);
            }
            ObjectNode response = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", message.get("id").asInt());
            ObjectNode result = response.putObject("result").put("isError", toolFails);
            result.putArray("content").addObject().put("type", "text").put("text", toolFails ? "quota exceeded"
                    : "called " + message.path("params").path("name").asText() + " with "
                            + message.path("params").path("arguments"));
            if (sse) {
                return new Answer(200, Map.of("Content-Type", "text/event-stream"),
                        "event: message\ndata: " + response + "\n\n", 0);
            }
            return Answer.of(200, response.toString());
        } catch (Exception e) {
            return Answer.of(500);
        }
    }

    private static String mcp(String path) {
        return "[{'type':'mcp','config':{'serverUrl':'" + server.url(path) + "','toolName':'record_alert',"
                + "'arguments':{'agent':'{{event.agentId}}','score':'{{event.score}}','note':'{{trigger.name}}'},"
                + "'authToken':'mcp-token-1'}}]";
    }

    @Test
    void callsTheToolInASessionAndRecordsItsResult() throws Exception {
        Deliveries.Created trigger = trigger(owner, "Tell \"the\" agent", mcp("/mcp"));
        fire(trigger, 12);

        List<Map<String, Object>> results = awaitResults(owner, trigger.id(), "success", 1);
        String excerpt = (String) results.get(0).get("responseExcerpt");
        JsonNode answer = JSON.readTree(excerpt);
        assertEquals("called record_alert with {\"agent\":\"42\",\"score\":\"12\",\"note\":\"Tell \\\"the\\\" agent\"}",
                answer.path("result").path("content").get(0).path("text").asText());
        List<TestReceiver.Received> requests = server.received("/mcp");
        assertEquals(List.of("initialize", "notifications/initialized", "tools/call"),
                requests.stream().map(r -> read(r.body()).path("method").asText()).toList());
        assertTrue(requests.stream().allMatch(r -> "Bearer mcp-token-1".equals(r.header("Authorization"))));
        assertTrue(requests.get(0).header("Accept").contains("text/event-stream"));
        assertEquals("2025-06-18", requests.get(2).header("MCP-Protocol-Version"));
    }

    @Test
    void acceptsAPlainJsonAnswer() {
        Deliveries.Created trigger = trigger(owner, "Json MCP", mcp("/mcp-json"));
        fire(trigger, 12);
        awaitResults(owner, trigger.id(), "success", 1);
    }

    @Test
    void aToolErrorIsAFinalFailure() {
        Deliveries.Created trigger = trigger(owner, "Failing tool", mcp("/mcp-tool-error"));
        fire(trigger, 12);
        List<Map<String, Object>> results = awaitResults(owner, trigger.id(), "failed", 1);
        assertEquals(1, results.size());
        assertEquals("the tool reported an error: quota exceeded", results.get(0).get("error"));
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
