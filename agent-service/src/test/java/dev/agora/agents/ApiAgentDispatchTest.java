package dev.agora.agents;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.agents.FakeHttpAgent.Answer;
import dev.agora.agents.TaskHires.Hire;
import dev.agora.agents.TestAgents.Caller;
import dev.agora.agents.run.service.CallbackTokens;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Api agents: hired work sent over HTTP with the agent's transforms and credentials, followed, retried, cancelled. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class ApiAgentDispatchTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TopicReader agentsTopic;

    private final Caller owner = Caller.user();

    @Inject
    CallbackTokens callbackTokens;

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

    /** POSTs a status report to {@code url} with {@code Authorization: Bearer <token>} (none when null). */
    private static Response report(String url, String token, String body) {
        io.restassured.specification.RequestSpecification request = given().contentType(ContentType.JSON).body(body);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.when().post(url);
    }

    private static String statusUrl(UUID taskId) {
        return "/api/runtime/tasks/" + taskId + "/status";
    }

    @Test
    void completesAnApiTaskFromTheStatusReportsToItsCallbackUrl() throws Exception {
        try (FakeHttpAgent agent = FakeHttpAgent.start(request -> new Answer(202, "{\"id\":\"job-3\"}",
                Map.of("Content-Type", "application/json")))) {
            String agentId = apiAgent(agent, ",\"responseTransform\":\".summary\"", "{}");
            Hire hire = TaskHires.hire(agentId, owner.id(), "Report", "Report back");
            TaskHires.await(agentsTopic, hire, "agora.task-run.dispatched.v1");

            FakeHttpAgent.Request sent = agent.received().get(0);
            String callbackUrl = sent.header("X-Agora-Callback-Url");
            String token = sent.header("X-Agora-Callback-Token");
            assertEquals("http://127.0.0.1:" + io.restassured.RestAssured.port + statusUrl(hire.taskId()), callbackUrl);
            assertEquals(callbackTokens.token(hire.taskId()), token);

            report(callbackUrl, token, "{\"status\":\"running\",\"message\":\"reading\"}").then().statusCode(202);
            assertEquals("reading", TaskHires.await(agentsTopic, hire, "agora.task-run.progressed.v1").path("step")
                    .path("text").asText());
            report(callbackUrl, token, "{\"status\":\"running\",\"message\":\"reading\"}").then().statusCode(202);
            report(callbackUrl, token, "{\"status\":\"completed\",\"result\":{\"summary\":\"all read\"}}")
                    .then().statusCode(202);

            JsonNode completed = TaskHires.await(agentsTopic, hire, "agora.task-run.completed.v1");
            assertEquals("all read", completed.path("result").path("text").asText(), "the responseTransform applies");
            assertEquals("completed", runStatus(hire.taskId()));
            // events of one agent arrive in order: every step is in by now, and the repeated one made none
            assertEquals(1, TaskHires.awaitAll(agentsTopic, hire, "agora.task-run.progressed.v1", 1).size());

            // the same outcome again is acknowledged; another one conflicts
            report(callbackUrl, token, "{\"status\":\"completed\",\"result\":{\"summary\":\"all read\"}}")
                    .then().statusCode(200);
            report(callbackUrl, token, "{\"status\":\"failed\",\"error\":\"too late\"}").then().statusCode(409)
                    .contentType("application/problem+json").body("detail", containsString("the task is already completed"));
        }
    }

    @Test
    void failsAnApiTaskTheAgentReportsFailed() throws Exception {
        try (FakeHttpAgent agent = FakeHttpAgent.start(request -> new Answer(202, "", Map.of()))) {
            String agentId = apiAgent(agent, "", "{}");
            Hire hire = TaskHires.hire(agentId, owner.id(), "Fail", "Cannot be done");
            TaskHires.await(agentsTopic, hire, "agora.task-run.dispatched.v1");

            report(statusUrl(hire.taskId()), callbackTokens.token(hire.taskId()),
                    "{\"status\":\"failed\",\"error\":\"out of paper\"}").then().statusCode(202);
            JsonNode failed = TaskHires.await(agentsTopic, hire, "agora.task-run.failed.v1");
            assertEquals("agent-failed", failed.path("code").asText());
            assertTrue(failed.path("reason").asText().contains("out of paper"), failed.toString());
            assertEquals("failed", runStatus(hire.taskId()));
        }
    }

    @Test
    void rejectsStatusReportWithAnotherTasksToken() throws Exception {
        try (FakeHttpAgent agent = FakeHttpAgent.start(request -> new Answer(202, "", Map.of()))) {
            String agentId = apiAgent(agent, "", "{}");
            Hire hire = TaskHires.hire(agentId, owner.id(), "Mine", "Only mine");
            Hire other = TaskHires.hire(agentId, owner.id(), "Other", "Another task");
            TaskHires.await(agentsTopic, hire, "agora.task-run.dispatched.v1");
            TaskHires.await(agentsTopic, other, "agora.task-run.dispatched.v1");
            String running = "{\"status\":\"running\",\"message\":\"not yours\"}";

            report(statusUrl(hire.taskId()), callbackTokens.token(other.taskId()), running).then().statusCode(401)
                    .contentType("application/problem+json");
            report(statusUrl(hire.taskId()), "not-a-token", running).then().statusCode(401);
            report(statusUrl(hire.taskId()), null, running).then().statusCode(401);
            UUID unknown = UUID.randomUUID();
            report(statusUrl(unknown), callbackTokens.token(unknown), running).then().statusCode(404);
            // another agent's access token: not its task
            String otherAgent = apiAgent(agent, "", "{}");
            String otherToken = owner.request().when().post("/api/agents/" + otherAgent + "/token").then().statusCode(200)
                    .extract().path("token");
            report(statusUrl(hire.taskId()), otherToken, running).then().statusCode(404);
            assertEquals("following", runStatus(hire.taskId()));

            // the agent's own access token works as well as the callback token
            String ownToken = owner.request().when().post("/api/agents/" + agentId + "/token").then().statusCode(200)
                    .extract().path("token");
            report(statusUrl(hire.taskId()), ownToken, "{\"status\":\"running\",\"message\":\"mine\"}")
                    .then().statusCode(202);
            assertEquals("mine", TaskHires.await(agentsTopic, hire, "agora.task-run.progressed.v1").path("step")
                    .path("text").asText());
        }
    }

    @Test
    void rejectsAStatusReportWithoutAKnownStatusNamingTheField() throws Exception {
        try (FakeHttpAgent agent = FakeHttpAgent.start(request -> new Answer(202, "", Map.of()))) {
            String agentId = apiAgent(agent, "", "{}");
            Hire hire = TaskHires.hire(agentId, owner.id(), "Bad", "Bad reports");
            TaskHires.await(agentsTopic, hire, "agora.task-run.dispatched.v1");
            String token = callbackTokens.token(hire.taskId());

            for (String body : List.of("{\"message\":\"no status\"}", "{\"status\":\"sleeping\"}", "{\"status\":7}",
                    "[]", "not json", "")) {
                report(statusUrl(hire.taskId()), token, body).then().statusCode(400)
                        .contentType("application/problem+json").body("errors[0].field", equalTo("status"));
            }
            assertEquals("following", runStatus(hire.taskId()));
        }
    }

    @Test
    void aStatusReportOnAPolledJobLeavesThePollingOn() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        try (FakeHttpAgent agent = FakeHttpAgent.start(request -> request.path().equals("/run")
                ? new Answer(202, "", Map.of("Location", "/jobs/5"))
                : polls.incrementAndGet() < 8 ? Answer.json(200, "{\"status\":\"running\"}")
                : Answer.json(200, "{\"status\":\"completed\",\"result\":\"polled\"}"))) {
            String agentId = apiAgent(agent, "", "{}");
            Hire hire = TaskHires.hire(agentId, owner.id(), "Both", "Polled and reporting");
            TaskHires.await(agentsTopic, hire, "agora.task-run.dispatched.v1");
            Awaitility.await().atMost(TaskHires.TIMEOUT).until(() -> !agent.received("GET", "/jobs/5").isEmpty());
            assertEquals(callbackTokens.token(hire.taskId()), agent.received("GET", "/jobs/5").get(0)
                    .header("X-Agora-Callback-Token"), "polls carry the callback headers too");

            // a poll under way holds the run: the report is to be sent again after Retry-After
            Response accepted = Awaitility.await().atMost(TaskHires.TIMEOUT).until(() -> {
                Response response = report(statusUrl(hire.taskId()), callbackTokens.token(hire.taskId()),
                        "{\"status\":\"running\",\"message\":\"half way\"}");
                if (response.statusCode() == 503) {
                    assertEquals("1", response.header("Retry-After"));
                    assertEquals("application/problem+json", response.contentType());
                }
                return response;
            }, response -> response.statusCode() != 503);
            assertEquals(202, accepted.statusCode());
            assertEquals("half way", TaskHires.await(agentsTopic, hire, "agora.task-run.progressed.v1").path("step")
                    .path("text").asText());
            assertEquals("polled", TaskHires.await(agentsTopic, hire, "agora.task-run.completed.v1").path("result")
                    .path("text").asText());
            assertTrue(polls.get() >= 8);
        }
    }

    @Test
    void theCallbackUrlAndTokenFillTheRequestTemplate() throws Exception {
        try (FakeHttpAgent agent = FakeHttpAgent.start(request -> Answer.json(200, "{\"result\":\"ok\"}"))) {
            String agentId = apiAgent(agent, """
                    ,"requestTransform":"{\\"task\\":\\"{{task.id}}\\",\\"hook\\":\\"{{callbackUrl}}\\",\\"key\\":\\"{{callbackToken}}\\"}\"""",
                    "{}");
            Hire hire = TaskHires.hire(agentId, owner.id(), "Template", "Fill it");
            TaskHires.await(agentsTopic, hire, "agora.task-run.completed.v1");

            JsonNode sent = JSON.readTree(agent.received().get(0).body());
            assertEquals("http://127.0.0.1:" + io.restassured.RestAssured.port + statusUrl(hire.taskId()),
                    sent.path("hook").asText());
            assertEquals(callbackTokens.token(hire.taskId()), sent.path("key").asText());
            assertEquals(hire.taskId().toString(), sent.path("task").asText());
        }
    }

    @Test
    void asksToSendAReportAgainWhileAWorkersCallHoldsTheTask() throws Exception {
        try (FakeHttpAgent agent = FakeHttpAgent.start(request -> new Answer(202, "", Map.of()))) {
            String agentId = apiAgent(agent, "", "{}");
            Hire hire = TaskHires.hire(agentId, owner.id(), "Held", "Held by a worker");
            TaskHires.await(agentsTopic, hire, "agora.task-run.dispatched.v1");
            // as a worker's claim does while it calls the agent
            TestDatabase.execute("update task_runs set lease_token = gen_random_uuid(),"
                    + " lease_until = now() + interval '1 minute' where task_id = ?", hire.taskId());

            report(statusUrl(hire.taskId()), callbackTokens.token(hire.taskId()), "{\"status\":\"completed\"}")
                    .then().statusCode(503).contentType("application/problem+json").header("Retry-After", "1")
                    .body("status", equalTo(503));
            assertEquals("following", runStatus(hire.taskId()));

            TestDatabase.execute("update task_runs set lease_token = null, lease_until = null where task_id = ?",
                    hire.taskId());
            report(statusUrl(hire.taskId()), callbackTokens.token(hire.taskId()), "{\"status\":\"completed\",\"result\":\"done\"}")
                    .then().statusCode(202);
            assertEquals("done", TaskHires.await(agentsTopic, hire, "agora.task-run.completed.v1").path("result")
                    .path("text").asText());
        }
    }
}
