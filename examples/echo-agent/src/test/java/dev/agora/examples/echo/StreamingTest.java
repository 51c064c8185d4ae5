package dev.agora.examples.echo;

import static dev.agora.examples.echo.A2aClient.message;
import static dev.agora.examples.echo.A2aClient.request;
import static dev.agora.examples.echo.A2aClient.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

class StreamingTest {
    private EchoAgent agent;
    private A2aClient a2a;

    @BeforeEach
    void start() {
        agent = EchoAgent.start(0, new EchoAgent.Options(true, Duration.ofMillis(100)));
        a2a = new A2aClient(agent);
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    /** kind, plus the state for status updates: "task:submitted", "status-update:working", "artifact-update". */
    private static List<String> shape(List<JsonNode> events) {
        return events.stream().map(e -> e.get("result")).map(r -> r.path("kind").asText()
                + (r.has("status") ? ":" + r.at("/status/state").asText() : "")).toList();
    }

    @Test
    void streamOfAPlainMessageIsTheTaskThenTheArtifactThenFinalCompleted() {
        ObjectNode request = request("message/stream", message("hello"), null);
        List<JsonNode> events = a2a.stream(request);
        assertEquals(List.of("task:submitted", "artifact-update", "status-update:completed"), shape(events));
        events.forEach(e -> assertEquals(request.get("id"), e.get("id")));
        String taskId = events.get(0).at("/result/id").asText();
        JsonNode artifact = events.get(1).get("result");
        assertEquals(taskId, artifact.path("taskId").asText());
        assertEquals(List.of("echo: hello"), texts(artifact.get("artifact")));
        assertEquals(5, artifact.at("/artifact/parts/1/data/length").asInt());
        JsonNode last = events.get(2).get("result");
        assertTrue(last.path("final").asBoolean());
        assertEquals(taskId, last.path("taskId").asText());
        assertEquals(List.of(), agent.violations());
    }

    @Test
    void streamOfASlowMessageShowsTheThreeWorkingStepsBeforeTheArtifact() {
        List<JsonNode> events = a2a.stream(request("message/stream", message("[slow] stream it"), null));
        assertEquals(List.of("task:submitted", "status-update:working", "status-update:working", "status-update:working",
                "artifact-update", "status-update:completed"), shape(events));
        assertEquals(List.of("step 1/3"), texts(events.get(1).at("/result/status/message")));
        assertEquals(List.of("step 2/3"), texts(events.get(2).at("/result/status/message")));
        assertEquals(List.of("step 3/3"), texts(events.get(3).at("/result/status/message")));
        for (int i = 1; i <= 3; i++) {
            assertFalse(events.get(i).at("/result/final").asBoolean(), "working updates are not final");
        }
        assertTrue(events.get(5).at("/result/final").asBoolean());
        assertEquals(List.of("echo: [slow] stream it"), texts(events.get(4).at("/result/artifact")));
    }

    @Test
    void streamOfAskEndsAtInputRequiredAndTheAnsweringStreamCompletes() {
        List<JsonNode> asked = a2a.stream(request("message/stream", message("[ask]"), null));
        assertEquals(List.of("task:submitted", "status-update:input-required"), shape(asked));
        JsonNode question = asked.get(1).get("result");
        assertTrue(question.path("final").asBoolean());
        assertEquals(List.of("What name should I greet?"), texts(question.at("/status/message")));

        ObjectNode answer = message("Grace");
        answer.put("taskId", question.path("taskId").asText());
        answer.put("contextId", question.path("contextId").asText());
        List<JsonNode> answered = a2a.stream(request("message/stream", answer, null));
        assertEquals(List.of("task:working", "status-update:working", "artifact-update", "status-update:completed"),
                shape(answered));
        assertEquals(List.of("hello Grace"), texts(answered.get(2).at("/result/artifact")));
        assertEquals(1, agent.tasksCreated());
    }

    @Test
    void streamOfRejectAndFailEndWithAFinalStatus() {
        assertEquals(List.of("task:submitted", "status-update:rejected"),
                shape(a2a.stream(request("message/stream", message("[reject]"), null))));
        List<JsonNode> failed = a2a.stream(request("message/stream", message("[fail]"), null));
        assertEquals(List.of("task:submitted", "status-update:failed"), shape(failed));
        assertTrue(failed.get(1).at("/result/final").asBoolean());
    }

    @Test
    void restreamingTheSameMessageIdReplaysTheTaskWithoutCreatingAnother() {
        ObjectNode message = message("stream once");
        List<JsonNode> first = a2a.stream(request("message/stream", message, null));
        List<JsonNode> again = a2a.stream(request("message/stream", message.deepCopy(), null));
        assertEquals(List.of("task:completed", "status-update:completed"), shape(again));
        assertEquals(first.get(0).at("/result/id"), again.get(0).at("/result/id"));
        assertTrue(again.get(1).at("/result/final").asBoolean());
        assertEquals(1, again.get(0).at("/result/artifacts").size());
        // and message/send with that messageId answers the same task too
        assertEquals(first.get(0).at("/result/id").asText(), a2a.sendForTask(message.deepCopy(), true).path("id").asText());
        assertEquals(1, agent.tasksCreated());
    }

    @Test
    void resubscribeFollowsARunningTaskToItsEnd() {
        agent.close();
        agent = EchoAgent.start(0, new EchoAgent.Options(true, Duration.ofMillis(400)));
        a2a = new A2aClient(agent);
        JsonNode working = a2a.sendForTask(message("[slow] follow me"), false);
        List<JsonNode> events = a2a.stream(request("tasks/resubscribe",
                A2aClient.MAPPER.createObjectNode().put("id", working.path("id").asText())));
        List<String> shape = shape(events);
        assertEquals("task:working", shape.get(0));
        assertEquals("status-update:completed", shape.get(shape.size() - 1));
        assertTrue(shape.contains("artifact-update"), shape::toString);
    }

    @Test
    void malformedStreamAnswers200WithPlainText() {
        HttpResponse<String> response = a2a.post(request("message/stream", message("[malformed]"), null).toString(),
                Duration.ofSeconds(10));
        assertEquals(200, response.statusCode());
        assertEquals("not json-rpc", response.body());
    }

    @Test
    void withStreamingOffTheCardSaysSoAndMessageStreamIsUnsupportedOperation() {
        try (EchoAgent plain = EchoAgent.start(0, new EchoAgent.Options(false, Duration.ofMillis(10)))) {
            A2aClient client = new A2aClient(plain);
            JsonNode card = CardTest.card(plain.cardUrl());
            assertFalse(card.at("/capabilities/streaming").asBoolean(true));
            JsonNode response = client.call(request("message/stream", message("hello"), null));
            A2aClient.assertValid(response, "SendStreamingMessageResponse");
            assertEquals(-32004, response.at("/error/code").asInt(), response::toString);
            assertEquals(0, plain.tasksCreated());
        }
    }
}
