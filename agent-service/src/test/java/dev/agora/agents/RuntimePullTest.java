package dev.agora.agents;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agora.agents.TaskHires.Hire;
import dev.agora.agents.TestAgents.Caller;
import dev.agora.agents.agent.service.AgentCredentials;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TestEvents;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Deployed agents pull their hired work: claim under a lease (long poll), heartbeats, steps, questions, results and
 * failures, with the agent's access token or its current deployment's runtime token; a lapsed lease puts the task
 * back.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class RuntimePullTest {
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

    /** A repository-backed api agent (no endpoint: it pulls its work) and its access token. */
    private record Deployed(String id, String token) {
        RequestSpecification runtime() {
            return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
        }
    }

    private Deployed deployedAgent() {
        String id = TestAgents.create(owner, List.of());
        String token = owner.request().when().post("/api/agents/" + id + "/token").then().statusCode(200)
                .extract().path("token");
        return new Deployed(id, token);
    }

    private static Response claim(Deployed agent, int wait) {
        return agent.runtime().when().post("/api/runtime/tasks/claim?wait=" + wait);
    }

    private static String runStatus(UUID taskId) {
        return TestDatabase.query("select status from task_runs where task_id = ?", taskId,
                rows -> rows.next() ? rows.getString(1) : null);
    }

    @Test
    void aDeployedAgentClaimsItsTaskReportsStepsAndDeliversTheResult() {
        Deployed agent = deployedAgent();
        Hire hire = TaskHires.hire(agent.id(), owner.id(), "Crunch", "Crunch the numbers");

        Response claimed = Awaitility.await().atMost(TaskHires.TIMEOUT).until(() -> claim(agent, 1), r -> r.statusCode() == 200);
        assertEquals(hire.taskId().toString(), claimed.path("taskId"));
        assertEquals("Crunch the numbers", claimed.path("description"));
        String lease = claimed.path("leaseToken");
        JsonNode dispatched = TaskHires.await(agentsTopic, hire, "agora.task-run.dispatched.v1");
        assertEquals("runtime", dispatched.path("transport").asText());

        agent.runtime().body("{\"leaseToken\":\"" + lease + "\",\"kind\":\"thought\",\"text\":\"sum first\"}")
                .when().post("/api/runtime/tasks/" + hire.taskId() + "/progress").then().statusCode(202);
        assertEquals("sum first", TaskHires.await(agentsTopic, hire, "agora.task-run.progressed.v1").path("step")
                .path("text").asText());
        agent.runtime().body("{\"leaseToken\":\"" + lease + "\"}").when().post("/api/runtime/tasks/" + hire.taskId()
                + "/heartbeat").then().statusCode(200).body("leaseExpiresAt", org.hamcrest.Matchers.notNullValue());
        agent.runtime().body("{\"leaseToken\":\"" + lease + "\",\"text\":\"42\",\"data\":[{\"sum\":42}],"
                + "\"files\":[{\"uri\":\"https://files.example.com/report.csv\",\"name\":\"report.csv\",\"mimeType\":\"text/csv\"}]}")
                .when().post("/api/runtime/tasks/" + hire.taskId() + "/result").then().statusCode(202);

        JsonNode result = TaskHires.await(agentsTopic, hire, "agora.task-run.completed.v1").path("result");
        assertEquals("42", result.path("text").asText());
        assertEquals(42, result.path("data").get(0).path("sum").asInt());
        assertEquals("report.csv", result.path("files").get(0).path("name").asText());
        assertEquals("completed", runStatus(hire.taskId()));
        agent.runtime().body("{\"leaseToken\":\"" + lease + "\",\"text\":\"again\"}")
                .when().post("/api/runtime/tasks/" + hire.taskId() + "/result").then().statusCode(409)
                .body("errors[0].field", equalTo("leaseToken"));
    }

    @Test
    void aLongPollIsAnsweredAsSoonAsATaskIsHired() throws Exception {
        Deployed agent = deployedAgent();
        claim(agent, 0).then().statusCode(204);
        CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(() -> claim(agent, 25));
        Hire hire = TaskHires.hire(agent.id(), owner.id(), "Wake", "Wake me up");
        Instant hired = Instant.now();
        Response claimed = waiting.get();
        assertEquals(200, claimed.statusCode());
        assertEquals(hire.taskId().toString(), claimed.path("taskId"));
        assertTrue(Duration.between(hired, Instant.now()).toSeconds() < 20, "answered on the hire, not at the end of the wait");
    }

    @Test
    void aLapsedLeasePutsTheTaskBackForTheNextClaim() {
        Deployed agent = deployedAgent();
        Hire hire = TaskHires.hire(agent.id(), owner.id(), "Flaky", "Runtime dies");
        Response first = Awaitility.await().atMost(TaskHires.TIMEOUT).until(() -> claim(agent, 1), r -> r.statusCode() == 200);
        String lapsed = first.path("leaseToken");

        // the runtime dies holding the task; its two-second lease lapses and the task is claimed again
        Response second = Awaitility.await().atMost(TaskHires.TIMEOUT).until(() -> claim(agent, 1), r -> r.statusCode() == 200);
        assertEquals(hire.taskId().toString(), second.path("taskId"));
        assertEquals(2, (int) second.path("attempt"));
        agent.runtime().body("{\"leaseToken\":\"" + lapsed + "\"}").when().post("/api/runtime/tasks/" + hire.taskId()
                + "/heartbeat").then().statusCode(409);
        agent.runtime().body("{\"leaseToken\":\"" + second.path("leaseToken") + "\",\"reason\":\"out of memory\"}")
                .when().post("/api/runtime/tasks/" + hire.taskId() + "/fail").then().statusCode(202);
        JsonNode failed = TaskHires.await(agentsTopic, hire, "agora.task-run.failed.v1");
        assertEquals("agent-failed", failed.path("code").asText());
        assertTrue(failed.path("reason").asText().contains("out of memory"));
        assertEquals(1, TaskHires.awaitAll(agentsTopic, hire, "agora.task-run.dispatched.v1", 1).size(),
                "dispatched once: the second claim is an attempt, not a new dispatch");
    }

    @Test
    void theAgentsQuestionComesBackWithTheHirersAnswerOnTheNextClaim() {
        Deployed agent = deployedAgent();
        Hire hire = TaskHires.hire(agent.id(), owner.id(), "Ask", "Needs a detail");
        Response claimed = Awaitility.await().atMost(TaskHires.TIMEOUT).until(() -> claim(agent, 1), r -> r.statusCode() == 200);
        agent.runtime().body("{\"leaseToken\":\"" + claimed.path("leaseToken") + "\",\"question\":\"Which year?\"}")
                .when().post("/api/runtime/tasks/" + hire.taskId() + "/input-required").then().statusCode(202);
        assertEquals("Which year?", TaskHires.await(agentsTopic, hire, "agora.task-run.input-required.v1")
                .path("question").asText());
        claim(agent, 0).then().statusCode(204);

        TaskHires.message(hire, hire.hirerId(), "2024");
        Response again = Awaitility.await().atMost(TaskHires.TIMEOUT).until(() -> claim(agent, 1), r -> r.statusCode() == 200);
        assertEquals("2024", again.path("answer"));
        assertEquals(hire.taskId().toString(), again.path("taskId"));
    }

    @Test
    void theRuntimeTokenOfTheCurrentDeploymentAlsoPullsUntilThatDeploymentStops() {
        Deployed agent = deployedAgent();
        String runtimeToken = "rt_" + UUID.randomUUID();
        String started = TestEvents.send("deployments.v1", agent.id(), "agora.deployment.started.v1",
                deployment(agent.id(), "deploying", AgentCredentials.sha256Hex(runtimeToken)));
        TestDatabase.awaitProcessed(started, TaskHires.TIMEOUT);
        Deployed pod = new Deployed(agent.id(), runtimeToken);
        claim(pod, 0).then().statusCode(204);

        String stopped = TestEvents.send("deployments.v1", agent.id(), "agora.deployment.stopped.v1",
                deployment(agent.id(), "stopped", AgentCredentials.sha256Hex(runtimeToken)));
        TestDatabase.awaitProcessed(stopped, TaskHires.TIMEOUT);
        claim(pod, 0).then().statusCode(401);
        claim(agent, 0).then().statusCode(204);
    }

    private String deployment(String agentId, String status, String runtimeTokenHash) {
        UUID id = UUID.randomUUID();
        return """
                {"deploymentId":"%1$s","agentId":"%2$s","ownerId":"%3$s","deployment":{"id":"%1$s","agentId":"%2$s",
                 "ownerId":"%3$s","version":1,"status":"%4$s","triggerType":"manual","deploymentUrl":null,
                 "createdAt":"%5$s","runtimeTokenHash":"%6$s"}}""".formatted(id, agentId, owner.id(), status, Instant.now(),
                runtimeTokenHash);
    }

    @Test
    void refusesMissingOrForeignCredentialsAndBadReports() {
        Deployed agent = deployedAgent();
        Deployed other = deployedAgent();
        Hire hire = TaskHires.hire(agent.id(), owner.id(), "Guarded", "Only mine");
        Response claimed = Awaitility.await().atMost(TaskHires.TIMEOUT).until(() -> claim(agent, 1), r -> r.statusCode() == 200);
        String lease = claimed.path("leaseToken");
        String task = "/api/runtime/tasks/" + hire.taskId();

        given().when().post("/api/runtime/tasks/claim").then().statusCode(401)
                .contentType("application/problem+json");
        given().header("Authorization", "Bearer agt_wrong").when().post("/api/runtime/tasks/claim").then().statusCode(401);
        other.runtime().body("{\"leaseToken\":\"" + lease + "\"}").when().post(task + "/heartbeat").then().statusCode(404);
        claim(agent, 31).then().statusCode(400).body("errors[0].field", equalTo("wait"));
        agent.runtime().body("{}").when().post(task + "/heartbeat").then().statusCode(400)
                .body("errors[0].field", equalTo("leaseToken"));
        agent.runtime().body("{\"leaseToken\":\"" + lease + "\",\"kind\":\"mood\",\"text\":\"\"}").when()
                .post(task + "/progress").then().statusCode(400).body("errors.field", hasItem("kind"))
                .body("errors.field", hasItem("text"));
        agent.runtime().body("{\"leaseToken\":\"" + lease + "\"}").when().post(task + "/result").then().statusCode(400)
                .body("errors[0].field", equalTo("text"));
        agent.runtime().body("{\"leaseToken\":\"" + lease + "\",\"files\":[{\"name\":\"x\"}]}").when().post(task + "/result")
                .then().statusCode(400).body("errors[0].field", equalTo("files[0].uri"));
        agent.runtime().body("{\"leaseToken\":\"" + lease + "\"}").when().post(task + "/fail").then().statusCode(400)
                .body("errors[0].field", equalTo("reason"));
        agent.runtime().body("not json").when().post(task + "/fail").then().statusCode(400);
        agent.runtime().body("{\"leaseToken\":\"" + lease + "\"}").when()
                .post("/api/runtime/tasks/" + UUID.randomUUID() + "/heartbeat").then().statusCode(404);

        // a cancelled task: the runtime is told to stop
        TaskHires.cancel(hire);
        Awaitility.await().atMost(TaskHires.TIMEOUT).until(() -> "cancelled".equals(runStatus(hire.taskId())));
        agent.runtime().body("{\"leaseToken\":\"" + lease + "\"}").when().post(task + "/heartbeat").then().statusCode(409);
    }
}
