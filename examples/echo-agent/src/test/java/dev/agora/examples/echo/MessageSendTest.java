package dev.agora.examples.echo;

import static dev.agora.examples.echo.A2aClient.message;
import static dev.agora.examples.echo.A2aClient.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

class MessageSendTest {
    private EchoAgent agent;
    private A2aClient a2a;

    @BeforeEach
    void start() {
        agent = EchoAgent.start(0, new EchoAgent.Options(true, Duration.ofMillis(150)));
        a2a = new A2aClient(agent);
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    @Test
    void plainMessageCompletesAtOnceWithEchoTextAndLengthData() {
        for (Boolean blocking : new Boolean[] {true, false, null}) {
            JsonNode task = a2a.sendForTask(message("hello"), blocking);
            assertEquals("completed", task.at("/status/state").asText(), "blocking " + blocking + ": " + task);
            assertEquals(1, task.path("artifacts").size());
            JsonNode artifact = task.at("/artifacts/0");
            assertEquals(List.of("echo: hello"), texts(artifact));
            assertEquals("data", artifact.at("/parts/1/kind").asText());
            assertEquals(5, artifact.at("/parts/1/data/length").asInt());
        }
        assertEquals(3, agent.tasksCreated());
        assertEquals(List.of(), agent.violations());
    }

    @Test
    void textPartsAreJoinedAndOtherPartsIgnored() {
        ObjectNode message = message("one");
        message.withArray("parts").addObject().put("kind", "data").putObject("data").put("x", 1);
        message.withArray("parts").addObject().put("kind", "text").put("text", "two");
        JsonNode task = a2a.sendForTask(message, true);
        assertEquals(List.of("echo: one\ntwo"), texts(task.at("/artifacts/0")));
        assertEquals(7, task.at("/artifacts/0/parts/1/data/length").asInt());
    }

    @Test
    void messageContextIdIsKeptAndTheUserMessageIsInTheHistory() {
        ObjectNode message = message("hi");
        message.put("contextId", "ctx-42");
        JsonNode task = a2a.sendForTask(message, true);
        assertEquals("ctx-42", task.path("contextId").asText());
        JsonNode first = task.at("/history/0");
        assertEquals(message.path("messageId").asText(), first.path("messageId").asText());
        assertEquals(task.path("id").asText(), first.path("taskId").asText());
    }

    @Test
    void slowMessageNotBlockingAnswersWorkingThenTasksGetShowsTheStepsThenCompleted() throws Exception {
        // steps long enough for polling to see each one, even on a busy machine
        agent.close();
        agent = EchoAgent.start(0, new EchoAgent.Options(true, Duration.ofMillis(500)));
        a2a = new A2aClient(agent);
        JsonNode task = a2a.sendForTask(message("[slow] take your time"), false);
        assertEquals("working", task.at("/status/state").asText(), task::toString);
        assertEquals("agent", task.at("/status/message/role").asText());
        assertEquals(List.of("step 1/3"), texts(task.at("/status/message")));
        String id = task.path("id").asText();

        Set<String> seen = new LinkedHashSet<>();
        JsonNode now = Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    JsonNode current = a2a.get(id).get("result");
                    if ("working".equals(current.at("/status/state").asText())) {
                        seen.addAll(texts(current.at("/status/message")));
                    }
                    return current;
                }, current -> "completed".equals(current.at("/status/state").asText()));
        assertEquals("completed", now.at("/status/state").asText(), now::toString);
        assertEquals(List.of("step 1/3", "step 2/3", "step 3/3"), new ArrayList<>(seen));
        assertEquals(List.of("echo: [slow] take your time"), texts(now.at("/artifacts/0")));
    }

    @Test
    void slowMessageBlockingWaitsForTheWorkAndAnswersCompleted() {
        for (Boolean blocking : new Boolean[] {true, null}) {
            long started = System.nanoTime();
            JsonNode task = a2a.sendForTask(message("[slow] wait for me"), blocking);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertEquals("completed", task.at("/status/state").asText(), "blocking " + blocking + ": " + task);
            assertTrue(millis >= 3 * 150 - 20, "answered after " + millis + " ms, before the three steps");
            assertEquals(List.of("echo: [slow] wait for me"), texts(task.at("/artifacts/0")));
        }
    }

    @Test
    void askGoesInputRequiredAndTheAnswerWithTheSameTaskIdCompletesWithHello() {
        JsonNode asked = a2a.sendForTask(message("[ask] greet someone"), true);
        assertEquals("input-required", asked.at("/status/state").asText(), asked::toString);
        assertEquals("agent", asked.at("/status/message/role").asText());
        assertEquals(List.of("What name should I greet?"), texts(asked.at("/status/message")));
        assertFalse(asked.has("artifacts"));

        ObjectNode answer = message("Ada");
        answer.put("taskId", asked.path("id").asText());
        answer.put("contextId", asked.path("contextId").asText());
        JsonNode done = a2a.sendForTask(answer, true);
        assertEquals(asked.path("id").asText(), done.path("id").asText());
        assertEquals("completed", done.at("/status/state").asText(), done::toString);
        assertEquals(List.of("hello Ada"), texts(done.at("/artifacts/0")));
        assertEquals(1, agent.tasksCreated());
        // the conversation: question, then answer, in the history
        List<String> history = new ArrayList<>();
        done.path("history").forEach(m -> history.add(m.path("role").asText() + ":" + String.join("", texts(m))));
        assertEquals(List.of("user:[ask] greet someone", "agent:What name should I greet?", "user:Ada"), history);
    }

    @Test
    void aFurtherMessageToACompletedTaskIsInvalidParams() {
        JsonNode task = a2a.sendForTask(message("done"), true);
        ObjectNode more = message("more");
        more.put("taskId", task.path("id").asText());
        JsonNode response = a2a.send(more, true);
        assertEquals(-32602, response.at("/error/code").asInt(), response::toString);
    }

    @Test
    void aMessageForAnUnknownTaskIsTaskNotFound() {
        ObjectNode message = message("Ada");
        message.put("taskId", "no-such-task");
        JsonNode response = a2a.send(message, true);
        assertEquals(-32001, response.at("/error/code").asInt(), response::toString);
        assertEquals(0, agent.tasksCreated());
    }

    @Test
    void rejectEndsRejectedWithTheAgentsReason() {
        JsonNode task = a2a.sendForTask(message("[reject] do my taxes"), true);
        assertEquals("rejected", task.at("/status/state").asText(), task::toString);
        assertEquals(List.of("I only echo; I reject this task."), texts(task.at("/status/message")));
        assertEquals("agent", task.at("/status/message/role").asText());
    }

    @Test
    void failEndsFailedWithTheAgentsReason() {
        JsonNode task = a2a.sendForTask(message("[fail] try anyway"), false);
        assertEquals("failed", task.at("/status/state").asText(), task::toString);
        assertEquals(List.of("echo failed on purpose"), texts(task.at("/status/message")));
    }

    @Test
    void malformedAnswers200WithPlainTextThatIsNoJsonRpcResponse() {
        HttpResponse<String> response = a2a.post(A2aClient.request("message/send", message("[malformed]"), true).toString(),
                Duration.ofSeconds(10));
        assertEquals(200, response.statusCode());
        assertEquals("not json-rpc", response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        assertEquals(List.of(), agent.violations(), "the request itself was valid");
    }

    @Test
    void hangNeverAnswersAndDoesNotBlockAParallelRequest() throws Exception {
        HttpRequest hanging = HttpRequest.newBuilder(agent.rpcUrl()).timeout(Duration.ofMillis(3000))
                .POST(HttpRequest.BodyPublishers.ofString(A2aClient.request("message/send", message("[hang]"), true).toString()))
                .build();
        List<CompletableFuture<HttpResponse<String>>> hangs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            hangs.add(A2aClient.HTTP.sendAsync(hanging, HttpResponse.BodyHandlers.ofString()));
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> agent.received().size() >= 3);
        JsonNode task = a2a.sendForTask(message("still here"), true);
        assertEquals("completed", task.at("/status/state").asText());
        hangs.forEach(hang -> assertFalse(hang.isDone(), "a hanging request ended before the parallel one was answered"));
        for (CompletableFuture<HttpResponse<String>> hang : hangs) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> hang.get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof HttpTimeoutException, e::toString);
        }
    }

    @Test
    void hangingRequestEndsWhenTheAgentCloses() throws Exception {
        HttpRequest hanging = HttpRequest.newBuilder(agent.rpcUrl()).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(A2aClient.request("message/send", message("[hang]"), true).toString()))
                .build();
        CompletableFuture<HttpResponse<String>> hang = A2aClient.HTTP.sendAsync(hanging, HttpResponse.BodyHandlers.ofString());
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> agent.received().size() >= 1);
        long started = System.nanoTime();
        agent.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> hang.get(10, TimeUnit.SECONDS));
        assertFalse(e.getCause() instanceof HttpTimeoutException, e::toString);
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 5000);
    }

    @Test
    void resendingTheSameMessageIdAnswersTheSameTaskAndCreatesNoOther() {
        ObjectNode message = message("only once");
        JsonNode first = a2a.sendForTask(message, true);
        JsonNode again = a2a.sendForTask(message.deepCopy(), true);
        JsonNode notBlocking = a2a.sendForTask(message.deepCopy(), false);
        assertEquals(first.path("id").asText(), again.path("id").asText());
        assertEquals(first.path("id").asText(), notBlocking.path("id").asText());
        assertEquals(first.at("/artifacts/0/artifactId"), again.at("/artifacts/0/artifactId"));
        assertEquals(1, again.path("artifacts").size());
        assertEquals(1, agent.tasksCreated());

        JsonNode other = a2a.sendForTask(message("only once"), true);
        assertNotEquals(first.path("id").asText(), other.path("id").asText());
        assertEquals(2, agent.tasksCreated());
    }

    @Test
    void resendingASlowMessageWhileItWorksAnswersTheRunningTask() {
        agent.close();
        agent = EchoAgent.start(0, new EchoAgent.Options(true, Duration.ofMillis(400)));
        a2a = new A2aClient(agent);
        ObjectNode message = message("[slow] once");
        JsonNode working = a2a.sendForTask(message, false);
        assertEquals("working", working.at("/status/state").asText());
        JsonNode blocking = a2a.sendForTask(message.deepCopy(), true);
        assertEquals(working.path("id").asText(), blocking.path("id").asText());
        assertEquals("completed", blocking.at("/status/state").asText());
        assertEquals(1, blocking.path("artifacts").size());
        assertEquals(1, agent.tasksCreated());
    }
}
