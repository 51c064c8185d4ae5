package dev.agora.agents;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.agents.TaskHires.Hire;
import dev.agora.agents.TestAgents.Caller;
import dev.agora.agents.run.service.CallbackTokens;
import dev.agora.examples.echo.EchoAgent;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * External agents: hired work sent over A2A v0.3 to a real A2A server (the reference echo agent), streamed or
 * followed, with questions, rejections, failures, garbage, silence and cancellation; every request the dispatcher
 * sends is valid against the A2A JSON Schema.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class A2aDispatchTest {
    private static TopicReader agentsTopic;
    private static EchoAgent streaming;
    private static EchoAgent polled;

    private final Caller owner = Caller.user();

    @Inject
    CallbackTokens callbackTokens;

    @BeforeAll
    static void start() {
        agentsTopic = TopicReader.of("agents.v1");
        streaming = EchoAgent.start(0);
        polled = EchoAgent.start(0, new EchoAgent.Options(false, Duration.ofMillis(400)));
    }

    @AfterAll
    static void stop() {
        agentsTopic.close();
        streaming.close();
        polled.close();
    }

    @AfterEach
    void everyRequestFollowsTheA2aSchema() {
        assertEquals(List.of(), streaming.violations());
        assertEquals(List.of(), polled.violations());
    }

    private String externalAgent(EchoAgent echo) {
        return externalAgent(echo.cardUrl());
    }

    private String externalAgent(URI cardUrl) {
        String body = """
                {"name":"Echo","subdomain":"%s","type":"external","context":"Echoes",
                 "endpoint":{"url":"%s","headers":{"Authorization":"Bearer a2a-secret"}}}"""
                .formatted(TestAgents.uniqueSlug("a2a"), cardUrl);
        return owner.request().body(body).when().post("/api/agents").then().statusCode(201).extract().path("id");
    }

    private static List<JsonNode> requestsAbout(EchoAgent echo, Hire hire) {
        return echo.received().stream().filter(request -> request.toString().contains(hire.taskId().toString())).toList();
    }

    private static String runStatus(UUID taskId) {
        return TestDatabase.query("select status from task_runs where task_id = ?", taskId,
                rows -> rows.next() ? rows.getString(1) : null);
    }

    @Test
    void aStreamingAgentsUpdatesArriveAsTheyComeAndItsArtifactsBecomeTheResult() {
        String agentId = externalAgent(streaming);
        Hire hire = TaskHires.hire(agentId, owner.id(), "Greeting", "[slow] hello there");

        JsonNode dispatched = TaskHires.await(agentsTopic, hire, "agora.task-run.dispatched.v1");
        assertEquals("a2a", dispatched.path("transport").asText());
        assertTrue(dispatched.path("remoteTaskId").isTextual());
        List<JsonNode> steps = TaskHires.awaitAll(agentsTopic, hire, "agora.task-run.progressed.v1", 3);
        assertEquals(List.of("step 1/3", "step 2/3", "step 3/3"),
                steps.stream().map(step -> step.path("step").path("text").asText()).toList());
        JsonNode result = TaskHires.await(agentsTopic, hire, "agora.task-run.completed.v1").path("result");
        assertEquals("echo: Greeting\n\n[slow] hello there", result.path("text").asText());
        assertEquals("Greeting\n\n[slow] hello there".length(), result.path("data").get(0).path("length").asInt());

        JsonNode sent = requestsAbout(streaming, hire).get(0);
        assertEquals("message/stream", sent.path("method").asText());
        assertEquals(hire.taskId().toString(), sent.path("params").path("message").path("messageId").asText(),
                "the task id is the message id: a re-send is the same message to the agent");
    }

    @Test
    void aTaskOfAnAgentThatDoesNotStreamIsFollowedWithTasksGet() {
        String agentId = externalAgent(polled);
        Hire hire = TaskHires.hire(agentId, owner.id(), "Slow", "[slow] take your time");

        String remoteTaskId = TaskHires.await(agentsTopic, hire, "agora.task-run.dispatched.v1").path("remoteTaskId").asText();
        assertEquals("step 1/3", TaskHires.await(agentsTopic, hire, "agora.task-run.progressed.v1").path("step")
                .path("text").asText());
        TaskHires.await(agentsTopic, hire, "agora.task-run.completed.v1");
        assertEquals("message/send", requestsAbout(polled, hire).get(0).path("method").asText());
        assertTrue(polled.received().stream().anyMatch(r -> "tasks/get".equals(r.path("method").asText())
                && remoteTaskId.equals(r.path("params").path("id").asText())), "the A2A task is followed by its id");
        assertEquals(false, requestsAbout(polled, hire).get(0).path("params").path("configuration").path("blocking")
                .asBoolean(true));
    }

    @Test
    void theAgentCardIsReadOnceForManyTasks() {
        EchoAgent echo = EchoAgent.start(0);
        try {
            String agentId = externalAgent(echo);
            for (int i = 0; i < 3; i++) {
                Hire hire = TaskHires.hire(agentId, owner.id(), "Echo " + i, "hello " + i);
                TaskHires.await(agentsTopic, hire, "agora.task-run.completed.v1");
            }
            assertEquals(1, echo.cardReads(), "the card is reused within card-ttl");
            assertEquals(List.of(), echo.violations());
        } finally {
            echo.close();
        }
    }

    @Test
    void theAgentsQuestionWaitsForTheHirersAnswerWhichGoesBackAsTheNextMessage() {
        String agentId = externalAgent(streaming);
        Hire hire = TaskHires.hire(agentId, owner.id(), "Greet me", "[ask] please");

        JsonNode asked = TaskHires.await(agentsTopic, hire, "agora.task-run.input-required.v1");
        assertEquals("What name should I greet?", asked.path("question").asText());
        assertEquals("input-required", asked.path("reason").asText());
        assertEquals("input_required", runStatus(hire.taskId()));

        // the owner's own message is no answer from the hirer
        String fromOwner = TaskHires.message(hire, hire.ownerId(), "ignore me");
        TestDatabase.awaitProcessed(fromOwner, TaskHires.TIMEOUT);
        assertEquals("input_required", runStatus(hire.taskId()));

        TaskHires.message(hire, hire.hirerId(), "Ada");
        JsonNode result = TaskHires.await(agentsTopic, hire, "agora.task-run.completed.v1").path("result");
        assertEquals("hello Ada", result.path("text").asText());
        JsonNode answer = requestsAbout(streaming, hire).stream()
                .filter(r -> r.path("params").path("message").path("parts").get(0).path("text").asText().equals("Ada"))
                .findFirst().orElseThrow();
        assertEquals(asked.path("attempt").asInt(), 1);
        assertTrue(answer.path("params").path("message").path("taskId").isTextual(), "the answer continues the A2A task");
    }

    @Test
    void aRejectedTaskFailsWithTheAgentsReason() {
        String agentId = externalAgent(polled);
        Hire hire = TaskHires.hire(agentId, owner.id(), "Nope", "[reject] this");
        JsonNode failed = TaskHires.await(agentsTopic, hire, "agora.task-run.failed.v1");
        assertEquals("rejected", failed.path("code").asText());
        assertTrue(failed.path("reason").asText().contains("I only echo; I reject this task."), failed.toString());
    }

    @Test
    void aFailedTaskFailsWithTheAgentsMessage() {
        String agentId = externalAgent(streaming);
        Hire hire = TaskHires.hire(agentId, owner.id(), "Boom", "[fail] now");
        JsonNode failed = TaskHires.await(agentsTopic, hire, "agora.task-run.failed.v1");
        assertEquals("agent-failed", failed.path("code").asText());
        assertTrue(failed.path("reason").asText().contains("echo failed on purpose"), failed.toString());
    }

    @Test
    void anAgentAnsweringMalformedJsonRpcFailsTheTaskWithAReason() {
        String agentId = externalAgent(polled);
        Hire hire = TaskHires.hire(agentId, owner.id(), "Garbage", "[malformed] please");
        JsonNode failed = TaskHires.await(agentsTopic, hire, "agora.task-run.failed.v1");
        assertEquals("malformed-response", failed.path("code").asText());
        assertEquals("failed", runStatus(hire.taskId()));
    }

    @Test
    void anAgentThatNeverAnswersTimesOutAndIsDeadLetteredAfterItsRetries() {
        String agentId = externalAgent(polled);
        Hire hire = TaskHires.hire(agentId, owner.id(), "Silence", "[hang] forever");
        JsonNode dead = TaskHires.await(agentsTopic, hire, "agora.task-run.dead-lettered.v1");
        assertEquals(5, dead.path("attempts").asInt());
        assertTrue(dead.path("reason").asText().contains("timed out"), dead.toString());
        assertEquals("dead_lettered", runStatus(hire.taskId()));
    }

    @Test
    void cancellingTheTaskSendsTasksCancelToTheAgent() {
        try (EchoAgent slow = EchoAgent.start(0, new EchoAgent.Options(false, Duration.ofSeconds(5)))) {
            String agentId = externalAgent(slow);
            Hire hire = TaskHires.hire(agentId, owner.id(), "Stop me", "[slow] a long job");
            TaskHires.await(agentsTopic, hire, "agora.task-run.dispatched.v1");

            TaskHires.cancel(hire);
            Awaitility.await().atMost(TaskHires.TIMEOUT).until(() -> "cancelled".equals(runStatus(hire.taskId())));
            assertTrue(slow.received().stream().anyMatch(r -> "tasks/cancel".equals(r.path("method").asText())));
            assertEquals(List.of(), slow.violations());
        }
    }

    private static List<JsonNode> tasksGets(EchoAgent echo, String remoteTaskId) {
        return echo.received().stream().filter(r -> "tasks/get".equals(r.path("method").asText())
                && remoteTaskId.equals(r.path("params").path("id").asText())).toList();
    }

    private static io.restassured.response.Response notify(UUID taskId, String token) {
        io.restassured.specification.RequestSpecification request = given().contentType("application/json")
                .body("{\"kind\":\"task\"}");
        if (token != null) {
            request.header("X-A2A-Notification-Token", token);
        }
        return request.when().post("/api/runtime/tasks/" + taskId + "/a2a-notifications");
    }

    private static Instant nextAttemptAt(UUID taskId) {
        return TestDatabase.query("select next_attempt_at from task_runs where task_id = ?", taskId,
                rows -> rows.next() ? rows.getTimestamp(1).toInstant() : null);
    }

    @Test
    void completesA2aTaskAsSoonAsTheAgentNotifies() {
        try (EchoAgent pushing = EchoAgent.start(0, new EchoAgent.Options(false, Duration.ofMillis(300), true))) {
            String agentId = externalAgent(pushing);
            Hire hire = TaskHires.hire(agentId, owner.id(), "Push", "[slow] tell me when done");

            String remoteTaskId = TaskHires.await(agentsTopic, hire, "agora.task-run.dispatched.v1").path("remoteTaskId")
                    .asText();
            long started = System.nanoTime();
            TaskHires.await(agentsTopic, hire, "agora.task-run.completed.v1");
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            JsonNode config = requestsAbout(pushing, hire).get(0).path("params").path("configuration")
                    .path("pushNotificationConfig");
            assertEquals("http://127.0.0.1:" + io.restassured.RestAssured.port + "/api/runtime/tasks/" + hire.taskId()
                    + "/a2a-notifications", config.path("url").asText());
            assertEquals(callbackTokens.token(hire.taskId()), config.path("token").asText());
            boolean push = TestDatabase.query("select push_notifications from task_runs where task_id = ?",
                    hire.taskId(), rows -> rows.next() && rows.getBoolean(1));
            assertTrue(push, "the run remembers that the agent notifies");
            // the safety-net poll comes only every push-follow-interval (10 s in tests): the notification did it
            assertTrue(took.compareTo(Duration.ofSeconds(8)) < 0, "completed " + took + " after dispatch");
            assertTrue(tasksGets(pushing, remoteTaskId).size() <= 2, tasksGets(pushing, remoteTaskId).toString());
            Awaitility.await().atMost(TaskHires.TIMEOUT).until(() -> !pushing.notifications().isEmpty());
            assertEquals(202, pushing.notifications().get(0).status());
            assertEquals(List.of(), pushing.violations());

            // a finished task takes (and ignores) a late notification
            notify(hire.taskId(), callbackTokens.token(hire.taskId())).then().statusCode(202);
            assertEquals("completed", runStatus(hire.taskId()));
        }
    }

    @Test
    void aTaskWhoseNotificationIsLostCompletesAtTheSafetyNetPoll() throws Exception {
        // an agent that offers push notifications and never sends one
        ObjectMapper json = new ObjectMapper();
        try (FakeHttpAgent mute = FakeHttpAgent.start(request -> {
            if (request.method().equals("GET")) {
                return FakeHttpAgent.Answer.json(200, """
                        {"protocolVersion":"0.3.0","name":"Mute","description":"never notifies","url":"/a2a",
                         "version":"1","capabilities":{"streaming":false,"pushNotifications":true},
                         "defaultInputModes":["text/plain"],"defaultOutputModes":["text/plain"],"skills":[]}""");
            }
            try {
                JsonNode rpc = json.readTree(request.body());
                String state = "tasks/get".equals(rpc.path("method").asText()) ? "completed" : "working";
                return FakeHttpAgent.Answer.json(200, """
                        {"jsonrpc":"2.0","id":%s,"result":{"kind":"task","id":"mute-1","contextId":"c-1",
                         "status":{"state":"%s"},"artifacts":[{"artifactId":"a","parts":[{"kind":"text","text":"done"}]}]}}"""
                        .formatted(rpc.path("id").toString(), state));
            } catch (Exception e) {
                return FakeHttpAgent.Answer.json(400, "{}");
            }
        })) {
            String agentId = externalAgent(mute.url("/.well-known/agent-card.json"));
            Hire hire = TaskHires.hire(agentId, owner.id(), "Mute", "never tells");
            TaskHires.await(agentsTopic, hire, "agora.task-run.dispatched.v1");
            owner.request().when().get("/api/agents/" + agentId + "/runs/" + hire.taskId()).then().statusCode(200)
                    .body("pushNotifications", equalTo(true)).body("status", equalTo("following"));

            // followed every push-follow-interval (10 s in tests), not every follow-interval: one tasks/get finds it done
            TaskHires.await(agentsTopic, hire, "agora.task-run.completed.v1");
            assertEquals(1, mute.received().stream().filter(r -> r.body().contains("\"tasks/get\"")).count());
        }
    }

    @Test
    void rejectsANotificationWithAWrongOrMissingTokenAndChangesNothing() {
        try (EchoAgent pushing = EchoAgent.start(0, new EchoAgent.Options(false, Duration.ofSeconds(20), true))) {
            String agentId = externalAgent(pushing);
            Hire hire = TaskHires.hire(agentId, owner.id(), "Push", "[slow] a long job");
            String remoteTaskId = TaskHires.await(agentsTopic, hire, "agora.task-run.dispatched.v1").path("remoteTaskId")
                    .asText();
            Awaitility.await().atMost(TaskHires.TIMEOUT).until(() -> "following".equals(runStatus(hire.taskId())));
            Instant due = nextAttemptAt(hire.taskId());
            assertTrue(due.isAfter(Instant.now().plusSeconds(3)), "followed every push-follow-interval: " + due);

            notify(hire.taskId(), null).then().statusCode(401).contentType("application/problem+json");
            notify(hire.taskId(), "not-the-token").then().statusCode(401).contentType("application/problem+json");
            Hire other = new Hire(UUID.randomUUID(), hire.agentId(), hire.hirerId(), hire.ownerId());
            notify(hire.taskId(), callbackTokens.token(other.taskId())).then().statusCode(401);
            assertEquals(due, nextAttemptAt(hire.taskId()));
            boolean notNotified = TestDatabase.query("select notified_at is null from task_runs where task_id = ?",
                    hire.taskId(), rows -> rows.next() && rows.getBoolean(1));
            assertTrue(notNotified, "nothing remembered of a refused notification");

            int asked = tasksGets(pushing, remoteTaskId).size();
            notify(hire.taskId(), callbackTokens.token(hire.taskId())).then().statusCode(202);
            Awaitility.await().atMost(Duration.ofSeconds(4)).until(() -> tasksGets(pushing, remoteTaskId).size() > asked);
            assertEquals(List.of(), pushing.violations());
        }
    }

    @Test
    void answersNotFoundForANotificationAboutAnUnknownTask() {
        UUID unknown = UUID.randomUUID();
        notify(unknown, callbackTokens.token(unknown)).then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
    }
}
