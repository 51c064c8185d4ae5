package dev.agora.examples.echo;

import static dev.agora.examples.echo.A2aClient.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

class JsonRpcErrorsTest {
    private EchoAgent agent;
    private A2aClient a2a;

    @BeforeEach
    void start() {
        agent = EchoAgent.start(0);
        a2a = new A2aClient(agent);
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    private JsonNode errorOf(String body) {
        HttpResponse<String> response = a2a.post(body, Duration.ofSeconds(10));
        assertEquals(200, response.statusCode());
        JsonNode json = A2aClient.parse(response.body());
        A2aClient.assertValid(json, "JSONRPCErrorResponse");
        return json;
    }

    @Test
    void invalidJsonIsParseErrorWithANullId() {
        JsonNode response = errorOf("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": ");
        assertEquals(-32700, response.at("/error/code").asInt());
        assertTrue(response.get("id").isNull());
        assertEquals(1, agent.violations().size());
    }

    @Test
    void unknownMethodIsMethodNotFound() {
        JsonNode response = errorOf(A2aClient.request("tasks/explode", A2aClient.MAPPER.createObjectNode()).toString());
        assertEquals(-32601, response.at("/error/code").asInt());
        assertTrue(response.get("id").isInt());
        assertTrue(agent.violations().get(0).contains("tasks/explode"), agent.violations()::toString);
    }

    @Test
    void notAJsonRpcRequestIsInvalidRequest() {
        assertEquals(-32600, errorOf("[1, 2]").at("/error/code").asInt());
        assertEquals(-32600, errorOf("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"tasks/get\",\"params\":{\"id\":\"x\"}}")
                .at("/error/code").asInt());
    }

    @Test
    void paramsAgainstTheSchemaAreInvalidParamsAndRecordedAsViolations() {
        ObjectNode message = message("no role");
        message.remove("role");
        JsonNode response = a2a.call(A2aClient.request("message/send", message, true));
        A2aClient.assertValid(response, "SendMessageResponse");
        assertEquals(-32602, response.at("/error/code").asInt());
        assertTrue(response.at("/error/data/violations/0").asText().contains("role"), response::toString);
        assertEquals(1, agent.violations().size());
        assertTrue(agent.violations().get(0).contains("SendMessageRequest"), agent.violations()::toString);
        assertEquals(0, agent.tasksCreated());

        JsonNode noId = a2a.call(A2aClient.request("tasks/get", A2aClient.MAPPER.createObjectNode()));
        assertEquals(-32602, noId.at("/error/code").asInt());
    }

    @Test
    void validRequestsLeaveNoViolationsAndAreReceivedInOrder() {
        ObjectNode first = A2aClient.request("message/send", message("one"), true);
        JsonNode task = a2a.call(first).get("result");
        ObjectNode second = A2aClient.request("tasks/get", A2aClient.MAPPER.createObjectNode().put("id", task.path("id").asText()));
        a2a.call(second);
        ObjectNode third = A2aClient.request("message/stream", message("two"), false);
        a2a.stream(third);
        assertEquals(List.of(first, second, third), agent.received());
        assertEquals(List.of(), agent.violations());
    }

    @Test
    void pushNotificationsAreNotSupported() {
        ObjectNode params = A2aClient.MAPPER.createObjectNode().put("id", "t");
        JsonNode response = a2a.call(A2aClient.request("tasks/pushNotificationConfig/get", params));
        assertEquals(-32003, response.at("/error/code").asInt(), response::toString);
    }

    @Test
    void otherPathsAndMethodsAreHttpErrors() {
        HttpResponse<String> get = send(java.net.http.HttpRequest.newBuilder(agent.rpcUrl()).GET().build());
        assertEquals(405, get.statusCode());
        HttpResponse<String> missing = send(java.net.http.HttpRequest.newBuilder(agent.baseUrl().resolve("/nothing")).GET().build());
        assertEquals(404, missing.statusCode());
    }

    private static HttpResponse<String> send(java.net.http.HttpRequest request) {
        try {
            return A2aClient.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
