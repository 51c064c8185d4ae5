package dev.agora.triggers.delivery.action;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.common.outbound.GuardedHttp;
import io.smallrye.mutiny.Uni;

/**
 * {@code mcp}: calls a tool of an MCP server over Streamable HTTP (JSON-RPC 2.0): {@code initialize}, the
 * {@code notifications/initialized} notification, then {@code tools/call}, carrying the {@code Mcp-Session-Id} the
 * server gave. An answer may be JSON or an SSE stream. A tool result with {@code isError} and a JSON-RPC error are
 * final failures; HTTP 408/429/5xx, timeouts and connection errors are retried (the next attempt starts a new session).
 */
@ApplicationScoped
public class McpAction implements ActionHandler {
    static final String PROTOCOL_VERSION = "2025-06-18";

    private final GuardedHttp http;
    private final ObjectMapper mapper;

    public McpAction(GuardedHttp http, ObjectMapper mapper) {
        this.http = http;
        this.mapper = mapper;
    }

    @Override
    public String type() {
        return "mcp";
    }

    /** A failed step: the outcome to record. */
    private static final class Stop extends RuntimeException {
        final transient ActionOutcome outcome;

        Stop(ActionOutcome outcome) {
            super(outcome.error(), null, false, false);
            this.outcome = outcome;
        }
    }

    @Override
    public Uni<ActionOutcome> deliver(Delivery delivery) {
        URI server = URI.create(delivery.text("serverUrl", ""));
        long deadline = System.currentTimeMillis() + delivery.timeoutMillis();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Accept", "application/json, text/event-stream");
        JsonNode custom = delivery.config().get("headers");
        if (custom != null && custom.isObject()) {
            custom.fields().forEachRemaining(header -> headers.put(header.getKey(), Templates.headerValue(
                    Templates.render(header.getValue().asText(), delivery.context(), Templates::headerValue))));
        }
        JsonNode token = delivery.config().get("authToken");
        if (token != null && token.isTextual()) {
            headers.put("Authorization", "Bearer " + token.asText());
        }
        ObjectNode initialize = request(1, "initialize");
        ObjectNode params = initialize.putObject("params").put("protocolVersion", PROTOCOL_VERSION);
        params.putObject("capabilities");
        params.putObject("clientInfo").put("name", "agora-trigger-service").put("version", "1");
        ObjectNode call;
        try {
            call = request(2, "tools/call");
            ObjectNode callParams = call.putObject("params").put("name", delivery.text("toolName", ""));
            JsonNode arguments = delivery.config().get("arguments");
            callParams.set("arguments", arguments == null || !arguments.isObject() ? mapper.createObjectNode()
                    : mapper.readTree(Templates.render(arguments.toString(), delivery.context(), Templates::json)));
        } catch (Exception e) {
            return Uni.createFrom().item(ActionOutcome.failed(null, "arguments are not JSON once rendered", null, false, null));
        }
        return post(server, headers, initialize, deadline).chain(initialized -> {
            JsonNode answer = rpcAnswer(initialized, 1);
            if (answer.has("error")) {
                throw new Stop(ActionOutcome.failed(initialized.status(), "initialize failed: "
                        + answer.path("error").path("message").asText(), initialized.body(), false, null));
            }
            String session = initialized.header("Mcp-Session-Id");
            if (session != null) {
                headers.put("Mcp-Session-Id", session);
            }
            headers.put("MCP-Protocol-Version", answer.path("result").path("protocolVersion").asText(PROTOCOL_VERSION));
            return post(server, headers, mapper.createObjectNode().put("jsonrpc", "2.0")
                    .put("method", "notifications/initialized"), deadline);
        }).chain(() -> post(server, headers, call, deadline)).map(called -> {
            JsonNode answer = rpcAnswer(called, 2);
            String excerpt = answer.toString();
            if (answer.has("error")) {
                return ActionOutcome.failed(called.status(), "tools/call failed: " + answer.path("error").path("message")
                        .asText(), excerpt, false, null);
            }
            JsonNode result = answer.path("result");
            if (result.path("isError").asBoolean(false)) {
                return ActionOutcome.failed(called.status(), "the tool reported an error: " + firstText(result), excerpt,
                        false, null);
            }
            return ActionOutcome.succeeded(called.status(), excerpt);
        }).onFailure(Stop.class).recoverWithItem(failure -> ((Stop) failure).outcome)
                .onFailure().recoverWithItem(ActionOutcome::ofFailure);
    }

    private Uni<GuardedHttp.Reply> post(URI server, Map<String, String> headers, ObjectNode message, long deadline) {
        long remaining = deadline - System.currentTimeMillis();
        if (remaining <= 0) {
            return Uni.createFrom().failure(new GuardedHttp.RequestFailed("timed out", true));
        }
        return Uni.createFrom().completionStage(() -> http.exchange("POST", server, Map.copyOf(headers), message.toString(),
                remaining).toCompletionStage()).invoke(reply -> {
                    if (reply.status() < 200 || reply.status() >= 300) {
                        ActionOutcome outcome = ActionOutcome.ofHttp(reply, status -> false);
                        throw new Stop(ActionOutcome.failed(reply.status(), message.path("method").asText() + ": "
                                + outcome.error(), reply.body(), outcome.retryable(), outcome.retryAfterMillis()));
                    }
                });
    }

    /** The JSON-RPC response with this id, from a JSON body or an SSE stream of them. */
    private JsonNode rpcAnswer(GuardedHttp.Reply reply, int id) {
        String contentType = reply.header("Content-Type") == null ? "" : reply.header("Content-Type");
        try {
            if (!contentType.startsWith("text/event-stream")) {
                JsonNode message = mapper.readTree(reply.body());
                if (isResponse(message, id)) {
                    return message;
                }
                throw new Stop(ActionOutcome.failed(reply.status(), "the MCP server's answer is not the JSON-RPC"
                        + " response to request " + id, reply.body(), false, null));
            }
            for (String event : reply.body().split("\r?\n\r?\n")) {
                StringBuilder data = new StringBuilder();
                for (String line : event.split("\r?\n")) {
                    if (line.startsWith("data:")) {
                        data.append(line.substring(5).strip()).append('\n');
                    }
                }
                if (data.length() > 0) {
                    JsonNode message = mapper.readTree(data.toString());
                    if (isResponse(message, id)) {
                        return message;
                    }
                }
            }
        } catch (Stop stop) {
            throw stop;
        } catch (Exception e) {
            throw new Stop(ActionOutcome.failed(reply.status(), "the MCP server's answer is not JSON-RPC", reply.body(),
                    false, null));
        }
        throw new Stop(ActionOutcome.failed(reply.status(), "the MCP server's answer holds no response to request " + id,
                reply.body(), false, null));
    }

    private static boolean isResponse(JsonNode message, int id) {
        return message != null && message.path("id").asInt(-1) == id && (message.has("result") || message.has("error"));
    }

    private ObjectNode request(int id, String method) {
        return mapper.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
    }

    private static String firstText(JsonNode result) {
        for (JsonNode content : result.path("content")) {
            if ("text".equals(content.path("type").asText())) {
                return content.path("text").asText();
            }
        }
        return "(no text)";
    }
}
