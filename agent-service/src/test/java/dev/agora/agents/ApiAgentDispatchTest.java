package dev.agora.agents;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.agents.FakeHttpAgent.Answer;
import dev.agora.agents.TaskHires.Hire;
import dev.agora.agents.TestAgents.Caller;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Api agents: hired work sent over HTTP with the agent's transforms and credentials, followed, retried, cancelled. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class ApiAgentDispatchTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TopicReader agentsTopic;

    private final Caller owner = Caller.user();

    @BeforeAll
    static void subscribe() {
        agentsTopic = TopicReader.of("agents.v1");
    }

    @AfterAll
    static void close() {
        agentsTopic.close();
    }

    private String apiAgent(FakeHttpAgent agent, String extraEndpoint, String config) {
        String endpoint = """
                {"url":"%s","method":"POST","headers":{"X-Api-Key":"header-secret"},
                 "authentication":{"type":"bearer","config":{"token":"agent-bearer-secret"}}%s}"""
                .formatted(agent.url("/run"), extraEndpoint);
        String body = """
                {"name":"Summariser","subdomain":"%s","type":"api","context":"Summarises","endpoint":%s,"config":%s}"""
                .formatted(TestAgents.uniqueSlug("api"), endpoint, config);
        return owner.request().body(body).when().post("/api/agents").then().statusCode(201).extract().path("id");
    }

    private static String runStatus(UUID taskId) {
        return TestDatabase.query("select status from task_runs where task_id = ?", taskId,
                rows -> rows.next() ? rows.getString(1) : null);
    }

    @Test
    void anApiAgentAnsweringAtOnceCompletesTheRunWithTheResultItsTransformPicks() throws Exception {
        try (FakeHttpAgent agent = FakeHttpAgent.start(request -> Answer.json(200,
                "{\"answer\":{\"text\":\"three bullet points\",\"tokens\":12}}"))) {
            String agentId = apiAgent(agent, """
                    ,"requestTransform":"{\\"query\\":\\"{{task.description}}\\",\\"ref\\":\\"{{task.id}}\\"}",
                     "responseTransform":".answer.text\"""", "{}");
            Hire hire = TaskHires.hire(agentId, owner.id(), "Summarise", "Summarise \"this\" report");

            JsonNode dispatched = TaskHires.await(agentsTopic, hire, "agora.task-run.dispatched.v1");
            assertEquals("http", dispatched.path("transport").asText());
            JsonNode completed = TaskHires.await(agentsTopic, hire, "agora.task-run.completed.v1");
            assertEquals("three bullet points", completed.path("result").path("text").asText());
            assertEquals(1, completed.path("attempt").asInt());

            FakeHttpAgent.Request request = agent.received().get(0);
            assertEquals("Bearer agent-bearer-secret", request.header("Authorization"), "the opened credential is sent");
            assertEquals("header-secret", request.header("X-Api-Key"));
            assertEquals(hire.taskId().toString(), request.header("Idempotency-Key"));
            JsonNode sent = JSON.readTree(request.body());
            assertEquals("Summarise \"this\" report", sent.path("query").asText(), "the template escapes for JSON");
            assertEquals(hire.taskId().toString(), sent.path("ref").asText());
            assertEquals("completed", runStatus(hire.taskId()));
        }
    }

    @Test
    void aRedeliveredHireIsSentOnce() throws Exception {
        try (FakeHttpAgent agent = FakeHttpAgent.start(request -> Answer.json(200, "{\"result\":\"done\"}"))) {
            String agentId = apiAgent(agent, "", "{}");
            Hire hire = TaskHires.hire(agentId, owner.id(), "Once", "Only once");
            String eventId = TaskHires.await(agentsTopic, hire, "agora.task-run.completed.v1").path("taskId").asText();
            assertEquals(hire.taskId().toString(), eventId);
            String again = TaskHires.send(hire, "agora.task.created.v1", "Once", "Only once", "pending");
            TestDatabase.awaitProcessed(again, TaskHires.TIMEOUT);
            assertEquals(1, agent.received().size(), "a second hire event with the same task is no second call");
            assertEquals(1, TaskHires.awaitAll(agentsTopic, hire, "agora.task-run.completed.v1", 1).size());
        }
    }

    @Test
    void aLongRunningApiAgentIsPolledAtItsStatusUrlAndItsProgressReported() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        try (FakeHttpAgent agent = FakeHttpAgent.start(request -> {
            if (request.path().equals("/run")) {
                return new Answer(202, "{\"id\":\"job-7\"}", Map.of("Location", "/jobs/7", "Content-Type", "application/json"));
            }
            return polls.incrementAndGet() < 3
                    ? Answer.json(200, "{\"status\":\"running\",\"message\":\"reading page " + polls.get() + "\"}")
                    : Answer.json(200, "{\"status\":\"completed\",\"result\":{\"pages\":2}}");
        })) {
            String agentId = apiAgent(agent, "", "{}");
            Hire hire = TaskHires.hire(agentId, owner.id(), "Read", "Read two pages");

            assertEquals("job-7", TaskHires.await(agentsTopic, hire, "agora.task-run.dispatched.v1").path("remoteTaskId").asText());
            List<JsonNode> steps = TaskHires.awaitAll(agentsTopic, hire, "agora.task-run.progressed.v1", 2);
            assertEquals("reading page 1", steps.get(0).path("step").path("text").asText());
            assertEquals("status", steps.get(0).path("step").path("kind").asText());
            JsonNode completed = TaskHires.await(agentsTopic, hire, "agora.task-run.completed.v1");
            assertEquals(2, completed.path("result").path("data").get(0).path("pages").asInt());
            assertTrue(agent.received("GET", "/jobs/7").size() >= 3);
        }
    }

    @Test
    void anUnreachableAgentIsRetriedThenDeadLetteredAndItsOwnerRetriesIt() throws Exception {
        try (FakeHttpAgent agent = FakeHttpAgent.start(request -> Answer.json(503, "{\"error\":\"busy\"}"))) {
            String agentId = apiAgent(agent, "", "{}");
            Hire hire = TaskHires.hire(agentId, owner.id(), "Busy", "Try later");

            JsonNode dead = TaskHires.await(agentsTopic, hire, "agora.task-run.dead-lettered.v1");
            assertEquals(5, dead.path("attempts").asInt());
            assertEquals(5, agent.received().size(), "bounded: max-attempts calls, then it stops");
            assertEquals(4, TaskHires.awaitAll(agentsTopic, hire, "agora.task-run.progressed.v1", 4).stream()
                    .filter(step -> "attempt".equals(step.path("step").path("kind").asText())).count());
            owner.request().when().get("/api/agents/" + agentId + "/runs?status=dead_lettered").then().statusCode(200)
                    .body("items.taskId", hasItem(hire.taskId().toString()));
            Caller.user().request().when().post("/api/agents/" + agentId + "/runs/" + hire.taskId() + "/retry")
                    .then().statusCode(404);

            agent.answer(request -> Answer.json(200, "{\"result\":\"finally\"}"));
            owner.request().when().post("/api/agents/" + agentId + "/runs/" + hire.taskId() + "/retry").then()
                    .statusCode(200).body("status", equalTo("queued")).body("attempts", equalTo(0));
            assertEquals("finally", TaskHires.await(agentsTopic, hire, "agora.task-run.completed.v1").path("result")
                    .path("text").asText());
            owner.request().when().post("/api/agents/" + agentId + "/runs/" + hire.taskId() + "/retry").then()
                    .statusCode(409).body("errors[0].field", equalTo("status"));
        }
    }

    @Test
    void anAgentRefusingTheRequestFailsTheRunAtOnceWithTheReason() throws Exception {
        try (FakeHttpAgent agent = FakeHttpAgent.start(request -> Answer.json(422, "{\"error\":\"no\"}"))) {
            String agentId = apiAgent(agent, "", "{}");
            Hire hire = TaskHires.hire(agentId, owner.id(), "Bad", "Unprocessable");
            JsonNode failed = TaskHires.await(agentsTopic, hire, "agora.task-run.failed.v1");
            assertEquals("not-dispatchable", failed.path("code").asText());
            assertTrue(failed.path("reason").asText().contains("422"), failed.toString());
            assertEquals(1, agent.received().size());
        }
    }

    @Test
    void aTaskCancelledInTheMarketplaceCancelsTheJobAtTheAgent() throws Exception {
        try (FakeHttpAgent agent = FakeHttpAgent.start(request -> request.path().equals("/run")
                ? new Answer(202, "", Map.of("Location", "/jobs/9"))
                : request.method().equals("DELETE") ? new Answer(204, null, Map.of())
                : Answer.json(200, "{\"status\":\"running\"}"))) {
            String agentId = apiAgent(agent, "", "{}");
            Hire hire = TaskHires.hire(agentId, owner.id(), "Long", "Takes long");
            TaskHires.await(agentsTopic, hire, "agora.task-run.dispatched.v1");

            TaskHires.cancel(hire);
            Awaitility.await().atMost(TaskHires.TIMEOUT).until(() -> "cancelled".equals(runStatus(hire.taskId())));
            assertEquals(1, agent.received("DELETE", "/jobs/9").size());
        }
    }

    @Test
    void anAgentSilentPastItsOwnTimeoutFailsTheTask() throws Exception {
        // 202 without a status URL: the agent was to report through the runtime API, and never does
        try (FakeHttpAgent agent = FakeHttpAgent.start(request -> new Answer(202, "", Map.of()))) {
            String agentId = apiAgent(agent, "", "{\"taskTimeoutSeconds\":10}");
            Hire hire = TaskHires.hire(agentId, owner.id(), "Quiet", "Never answers");
            TaskHires.await(agentsTopic, hire, "agora.task-run.dispatched.v1");
            JsonNode failed = TaskHires.await(agentsTopic, hire, "agora.task-run.failed.v1");
            assertEquals("timeout", failed.path("code").asText());
            assertTrue(failed.path("reason").asText().contains("10 seconds"));
        }
    }

    @Test
    void rejectsATaskTimeoutOutsideItsBounds() {
        String body = """
                {"name":"Bad timeout","subdomain":"%s","type":"api","context":"x",
                 "endpoint":{"url":"https://example.com/run"},"config":{"taskTimeoutSeconds":5}}"""
                .formatted(TestAgents.uniqueSlug("api"));
        owner.request().body(body).when().post("/api/agents").then().statusCode(400)
                .body("errors.field", hasItem("config.taskTimeoutSeconds"));
    }

    @Test
    void runsArePrivateToTheAgentsOwnerAndFilterByAKnownStatus() throws Exception {
        try (FakeHttpAgent agent = FakeHttpAgent.start(request -> Answer.json(200, "{\"result\":\"ok\"}"))) {
            String agentId = apiAgent(agent, "", "{}");
            Hire hire = TaskHires.hire(agentId, owner.id(), "Mine", "Private");
            TaskHires.await(agentsTopic, hire, "agora.task-run.completed.v1");
            owner.request().when().get("/api/agents/" + agentId + "/runs/" + hire.taskId()).then().statusCode(200)
                    .body("status", equalTo("completed")).body("transport", equalTo("http"));
            Caller.user().request().when().get("/api/agents/" + agentId + "/runs/" + hire.taskId()).then().statusCode(404);
            Caller.user().request().when().get("/api/agents/" + agentId + "/runs").then().statusCode(404);
            owner.request().when().get("/api/agents/" + agentId + "/runs?status=sleeping").then().statusCode(400)
                    .body("errors[0].field", equalTo("status"));
            owner.request().when().get("/api/agents/" + UUID.randomUUID() + "/runs/" + hire.taskId()).then().statusCode(404);
        }
    }

    @Test
    void anOrganizationAdminSeesTheAgentButNotTheWorkHiredFromIt() {
        String org = TestAgents.uniqueSlug("org");
        Caller orgOwner = Caller.member(org, "admin");
        String agentId = TestAgents.create(orgOwner, List.of(org));
        Caller admin = Caller.member(org, "admin");
        admin.request().when().get("/api/agents/" + agentId).then().statusCode(200);
        admin.request().when().get("/api/agents/" + agentId + "/runs").then().statusCode(403);
        admin.request().when().post("/api/agents/" + agentId + "/runs/" + UUID.randomUUID() + "/retry").then().statusCode(403);
        orgOwner.request().when().get("/api/agents/" + agentId + "/runs").then().statusCode(200);
    }
}
