package dev.agora.examples.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A minimal A2A JSON-RPC client over java.net.http for the tests: real HTTP, every answer checked against the schema. */
final class A2aClient {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final AtomicInteger IDS = new AtomicInteger();

    private final URI rpcUrl;

    A2aClient(EchoAgent agent) {
        this(agent.rpcUrl());
    }

    A2aClient(URI rpcUrl) {
        this.rpcUrl = rpcUrl;
    }

    /** A user message with a fresh messageId and one text part. */
    static ObjectNode message(String text) {
        ObjectNode message = MAPPER.createObjectNode();
        message.put("kind", "message");
        message.put("role", "user");
        message.put("messageId", UUID.randomUUID().toString());
        message.putArray("parts").addObject().put("kind", "text").put("text", text);
        return message;
    }

    /** A JSON-RPC request; {@code blocking} null leaves the configuration out. */
    static ObjectNode request(String method, ObjectNode message, Boolean blocking) {
        ObjectNode params = MAPPER.createObjectNode();
        params.set("message", message);
        if (blocking != null) {
            params.putObject("configuration").put("blocking", blocking);
        }
        return request(method, params);
    }

    static ObjectNode request(String method, JsonNode params) {
        ObjectNode request = MAPPER.createObjectNode();
        request.put("jsonrpc", "2.0");
        request.put("id", IDS.incrementAndGet());
        request.put("method", method);
        request.set("params", params);
        return request;
    }

    /** message/send; the answer must be a valid SendMessageResponse. */
    JsonNode send(ObjectNode message, Boolean blocking) {
        JsonNode response = call(request("message/send", message, blocking));
        assertValid(response, "SendMessageResponse");
        return response;
    }

    /** The result Task of a successful message/send. */
    JsonNode sendForTask(ObjectNode message, Boolean blocking) {
        JsonNode response = send(message, blocking);
        assertTrue(response.has("result"), () -> "expected a result: " + response);
        assertEquals("task", response.at("/result/kind").asText(), response::toString);
        return response.get("result");
    }

    /** tasks/get; the answer must be a valid GetTaskResponse. */
    JsonNode get(String taskId) {
        ObjectNode params = MAPPER.createObjectNode().put("id", taskId);
        JsonNode response = call(request("tasks/get", params));
        assertValid(response, "GetTaskResponse");
        return response;
    }

    /** tasks/cancel; the answer must be a valid CancelTaskResponse. */
    JsonNode cancel(String taskId) {
        ObjectNode params = MAPPER.createObjectNode().put("id", taskId);
        JsonNode response = call(request("tasks/cancel", params));
        assertValid(response, "CancelTaskResponse");
        return response;
    }

    /** POSTs a JSON-RPC request, expects 200 application/json and returns the parsed body. */
    JsonNode call(JsonNode request) {
        HttpResponse<String> response = post(request.toString(), Duration.ofSeconds(30));
        assertEquals(200, response.statusCode(), response::body);
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                () -> "content type " + response.headers().firstValue("Content-Type"));
        return parse(response.body());
    }

    HttpResponse<String> post(String body, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(rpcUrl).timeout(timeout)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * message/stream (or tasks/resubscribe): expects 200 text/event-stream, reads events until the server closes
     * the stream and returns the JSON-RPC responses of the {@code data:} lines, each checked against
     * SendStreamingMessageResponse.
     */
    List<JsonNode> stream(JsonNode request) {
        HttpRequest httpRequest = HttpRequest.newBuilder(rpcUrl).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(request.toString())).build();
        try {
            HttpResponse<Stream<String>> response = HTTP.send(httpRequest, HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, response.statusCode());
            assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElse(""));
            List<JsonNode> events = new ArrayList<>();
            StringBuilder data = new StringBuilder();
            try (Stream<String> lines = response.body()) {
                for (String line : (Iterable<String>) lines::iterator) {
                    if (line.isEmpty()) {
                        if (data.length() > 0) {
                            events.add(parse(data.toString()));
                            data.setLength(0);
                        }
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).strip());
                    }
                }
            }
            assertEquals(0, data.length(), "an event without its closing blank line: " + data);
            events.forEach(event -> assertValid(event, "SendStreamingMessageResponse"));
            return events;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    static void assertValid(JsonNode json, String definition) {
        List<String> violations = A2aSchema.violations(json, definition);
        assertTrue(violations.isEmpty(), () -> definition + " violations " + violations + " in " + json);
    }

    /** The texts of the text parts of an artifact, message or any object with {@code parts}. */
    static List<String> texts(JsonNode withParts) {
        List<String> texts = new ArrayList<>();
        withParts.path("parts").forEach(p -> {
            if ("text".equals(p.path("kind").asText())) {
                texts.add(p.path("text").asText());
            }
        });
        return texts;
    }
}
