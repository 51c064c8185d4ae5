package dev.agora.deployments.runtime;

import static dev.agora.deployments.TestAgents.as;
import static dev.agora.deployments.TestAgents.asAgent;
import static dev.agora.deployments.TestAgents.awaitStatus;
import static dev.agora.deployments.TestAgents.deploy;
import static dev.agora.testsupport.TestDatabase.TIMEOUT;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;


import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agora.common.auth.OrgRoles;
import dev.agora.common.events.Audience;
import dev.agora.common.usage.UsageHeaders;
import dev.agora.deployments.ControlledDriver;
import dev.agora.deployments.TestAgents;
import dev.agora.deployments.runtime.service.RuntimeAuth;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TestTokens;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class RuntimeReportTest {
    private static final String STATUS_CHANGED = "agora.agent.runtime-status-changed.v1";
    private static final String COMPLETED = "agora.execution.completed.v1";
    private static TopicReader events;

    @Inject
    ControlledDriver driver;

    private final UUID owner = UUID.randomUUID();

    @BeforeAll
    static void subscribe() {
        events = TopicReader.of("deployments.v1");
    }

    @AfterAll
    static void close() {
        events.close();
    }

    @Test
    void acceptsReportsOnlyWithTheAgentsCurrentToken() {
        TestAgents.Agent agent = TestAgents.register(owner);
        String first = TestAgents.rotateToken(agent);
        asAgent(first).body("{}").when().post("/api/runtime/heartbeat").then().statusCode(200)
                .header(UsageHeaders.AGENT, agent.id.toString());
        String second = TestAgents.rotateToken(agent);

        asAgent(first).body("{}").when().post("/api/runtime/heartbeat").then().statusCode(401)
                .contentType("application/problem+json");
        asAgent(second).body("{}").when().post("/api/runtime/heartbeat").then().statusCode(200);
        asAgent("agt_wrong").body("{}").when().post("/api/runtime/heartbeat").then().statusCode(401);
        given().contentType(ContentType.JSON).body("{}").when().post("/api/runtime/heartbeat").then().statusCode(401);
        asAgent(TestTokens.forUser(owner)).body("{}").when().post("/api/runtime/metrics").then().statusCode(401);
        asAgent("agt_wrong").body("{\"status\":\"success\"}").when().post("/api/runtime/executions").then().statusCode(401);

        TestAgents.delete(agent);
        asAgent(second).body("{}").when().post("/api/runtime/heartbeat").then().statusCode(401);
    }

    @Test
    void acceptsTheCurrentDeploymentsRuntimeTokenUntilItIsStopped() {
        TestAgents.Agent agent = TestAgents.register(owner);
        UUID id = deploy(owner, agent);
        driver.awaitRunning(id);
        String token = driver.spec(id).runtimeToken();
        assertEquals(RuntimeAuth.sha256(token), runtimeTokenHash(id));
        asAgent(token).body("{}").when().post("/api/runtime/heartbeat").then().statusCode(200);
        driver.awaitRunning(id).succeeded("ok");
        awaitStatus(id, "succeeded");
        asAgent(token).body("{}").when().post("/api/runtime/heartbeat").then().statusCode(200)
                .body("deploymentId", equalTo(id.toString()));
        as(owner).when().get("/api/deployments/" + id).then().statusCode(200)
                .body("runtimeTokenHash", nullValue()).body("runtimeToken", nullValue());

        as(owner).when().post("/api/deployments/" + id + "/stop").then().statusCode(200);

        asAgent(token).body("{}").when().post("/api/runtime/heartbeat").then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void rejectsASupersededDeploymentsRuntimeToken() {
        TestAgents.Agent agent = TestAgents.register(owner);
        UUID first = deploy(owner, agent);
        driver.awaitRunning(first).succeeded("ok");
        awaitStatus(first, "succeeded");
        String firstToken = driver.spec(first).runtimeToken();
        UUID second = deploy(owner, agent);
        driver.awaitRunning(second);
        String secondToken = driver.spec(second).runtimeToken();
        // while the next deployment rolls out, the running one's pods keep reporting
        asAgent(firstToken).body("{}").when().post("/api/runtime/heartbeat").then().statusCode(200);

        driver.awaitRunning(second).succeeded("ok");
        awaitStatus(second, "succeeded");

        asAgent(firstToken).body("{}").when().post("/api/runtime/heartbeat").then().statusCode(401);
        asAgent(secondToken).body("{}").when().post("/api/runtime/heartbeat").then().statusCode(200)
                .body("deploymentId", equalTo(second.toString()));
    }

    @Test
    void rejectsACancelledDeploymentsRuntimeToken() {
        TestAgents.Agent agent = TestAgents.register(owner);
        UUID id = deploy(owner, agent);
        driver.awaitRunning(id);
        String token = driver.spec(id).runtimeToken();

        as(owner).when().post("/api/deployments/" + id + "/cancel").then().statusCode(200);

        asAgent(token).body("{}").when().post("/api/runtime/metrics").then().statusCode(401);
    }

    private static String runtimeTokenHash(UUID deploymentId) {
        return TestDatabase.query("select runtime_token_hash from deployments where id = ?", deploymentId,
                rows -> rows.next() ? rows.getString(1) : null);
    }

    @Test
    void publishesEachRuntimeStatusChangeAndMarksASilentAgentDown() {
        TestAgents.Agent agent = TestAgents.register(owner);
        String token = TestAgents.rotateToken(agent);

        asAgent(token).body("{\"status\":\"healthy\"}").when().post("/api/runtime/heartbeat").then().statusCode(200)
                .body("runtimeStatus", equalTo("healthy"));
        asAgent(token).body("{\"status\":\"healthy\"}").when().post("/api/runtime/heartbeat").then().statusCode(200);
        asAgent(token).body("{\"status\":\"degraded\"}").when().post("/api/runtime/heartbeat").then().statusCode(200)
                .body("runtimeStatus", equalTo("degraded"));

        // heartbeats every 1s in tests, down after 2 missed
        List<JsonNode> changes = await(agent, STATUS_CHANGED, 3);
        assertEquals(List.of("null>healthy", "healthy>degraded", "degraded>down"),
                changes.stream().map(c -> c.path("oldStatus").asText() + ">" + c.path("newStatus").asText()).toList());
        asAgent(token).body("{\"status\":\"asleep\"}").when().post("/api/runtime/heartbeat").then().statusCode(400)
                .body("errors.field", hasItem("status"));
    }

    @Test
    void stoppingTheDeploymentStopsTheAgentsRuntime() {
        TestAgents.Agent agent = TestAgents.register(owner);
        String token = TestAgents.rotateToken(agent);
        UUID id = deploy(owner, agent);
        driver.awaitRunning(id).succeeded("ok");
        awaitStatus(id, "succeeded");
        asAgent(token).body("{}").when().post("/api/runtime/heartbeat").then().statusCode(200)
                .body("deploymentId", equalTo(id.toString()));

        as(owner).when().post("/api/deployments/" + id + "/stop").then().statusCode(200);

        JsonNode stopped = await(agent, STATUS_CHANGED, 2).get(1);
        assertEquals("stopped", stopped.path("newStatus").asText());
        assertEquals(id.toString(), stopped.path("deploymentId").asText());
    }

    @Test
    void recordsAnExecutionAndPublishesItsCompletionOnce() {
        TestAgents.Agent agent = TestAgents.register(owner);
        String token = TestAgents.rotateToken(agent);
        Instant started = Instant.parse("2026-01-01T10:00:00Z");

        String id = asAgent(token).body("{\"status\":\"running\",\"input\":{\"q\":\"price of ALGO\"},\"startedAt\":\""
                + started + "\",\"costUsd\":0.001}").when().post("/api/runtime/executions").then().statusCode(201)
                .header(UsageHeaders.AGENT, agent.id.toString()).header(UsageHeaders.COST_USD, nullValue())
                .body("status", equalTo("running")).body("input.q", equalTo("price of ALGO")).extract().path("id");
        asAgent(token).body("{\"id\":\"" + id + "\",\"status\":\"success\",\"output\":{\"price\":0.31},"
                + "\"executionTimeMs\":1234,\"costUsd\":0.0021,\"completedAt\":\"2026-01-01T10:00:02Z\"}")
                .when().post("/api/runtime/executions").then().statusCode(200)
                .header(UsageHeaders.AGENT, agent.id.toString()).header(UsageHeaders.COST_USD, "0.0021")
                .body("status", equalTo("success")).body("executionTimeMs", equalTo(1234));
        asAgent(token).body("{\"id\":\"" + id + "\",\"status\":\"error\"}").when().post("/api/runtime/executions")
                .then().statusCode(409);

        JsonNode completed = await(agent, COMPLETED, 1).get(0);
        assertEquals(id, completed.path("executionId").asText());
        assertEquals(true, completed.path("success").asBoolean());
        assertEquals(1234, completed.path("durationMs").asInt());
        assertEquals(0.0021, completed.path("costUsd").asDouble(), 1e-9);

        as(owner).queryParam("agentId", agent.id).when().get("/api/deployments/executions").then().statusCode(200)
                .body("items.id", equalTo(List.of(id)));
        as(owner).queryParam("agentId", agent.id).queryParam("status", "error").when().get("/api/deployments/executions")
                .then().statusCode(200).body("items.size()", equalTo(0));
        as(owner).queryParam("agentId", agent.id).when().get("/api/deployments/stats").then().statusCode(200)
                .body("totalExecutions", equalTo(1)).body("successRate", equalTo(1.0f))
                .body("averageDurationMs", equalTo(1234));
        as(UUID.randomUUID()).queryParam("agentId", agent.id).when().get("/api/deployments/executions").then().statusCode(404);
        as(owner).when().get("/api/deployments/executions").then().statusCode(400).body("errors.field", hasItem("agentId"));
    }

    @Test
    void rejectsBadExecutionReports() {
        TestAgents.Agent agent = TestAgents.register(owner);
        String token = TestAgents.rotateToken(agent);
        TestAgents.Agent other = TestAgents.register(owner);
        String otherToken = TestAgents.rotateToken(other);
        String foreign = asAgent(otherToken).body("{\"status\":\"running\"}").when().post("/api/runtime/executions")
                .then().statusCode(201).extract().path("id");

        asAgent(token).body("{}").when().post("/api/runtime/executions").then().statusCode(400)
                .body("errors.field", hasItem("status"));
        asAgent(token).body("{\"status\":\"success\",\"executionTimeMs\":-1,\"costUsd\":-2}")
                .when().post("/api/runtime/executions").then().statusCode(400)
                .body("errors.field", hasItems("executionTimeMs", "costUsd"));
        asAgent(token).body("{\"status\":\"success\",\"startedAt\":\"2026-01-02T00:00:00Z\",\"completedAt\":\"2026-01-01T00:00:00Z\"}")
                .when().post("/api/runtime/executions").then().statusCode(400).body("errors.field", hasItem("completedAt"));
        asAgent(token).body("{\"id\":\"" + foreign + "\",\"status\":\"success\"}").when().post("/api/runtime/executions")
                .then().statusCode(404);
        asAgent(token).body("{\"status\":\"running\",\"startedAt\":\"yesterday\"}").when().post("/api/runtime/executions")
                .then().statusCode(400);
    }

    @Test
    void showsTheTaskAnExecutionRanInEveryViewAndItsEventAndFiltersByIt() {
        TestAgents.Agent agent = new TestAgents.Agent(owner);
        agent.orgs = List.of("acme-" + agent.id);
        TestAgents.register(agent);
        String token = TestAgents.rotateToken(agent);
        UUID task = UUID.randomUUID();

        String id = asAgent(token).body("{\"status\":\"running\",\"taskId\":\"" + task + "\"}")
                .when().post("/api/runtime/executions").then().statusCode(201)
                .body("taskId", equalTo(task.toString())).extract().path("id");
        String other = asAgent(token).body("{\"status\":\"running\",\"taskId\":\"" + UUID.randomUUID() + "\"}")
                .when().post("/api/runtime/executions").then().statusCode(201).extract().path("id");
        String none = asAgent(token).body("{\"status\":\"running\"}").when().post("/api/runtime/executions")
                .then().statusCode(201).body("taskId", nullValue()).extract().path("id");
        // a later report naming no task keeps it, and so does its completion
        asAgent(token).body("{\"id\":\"" + id + "\",\"status\":\"success\",\"output\":{\"done\":true}}")
                .when().post("/api/runtime/executions").then().statusCode(200).body("taskId", equalTo(task.toString()));

        as(owner).when().get("/api/deployments/executions/" + id).then().statusCode(200)
                .body("taskId", equalTo(task.toString()));
        as(owner).queryParam("agentId", agent.id).when().get("/api/deployments/executions").then().statusCode(200)
                .body("items.find { it.id == '" + id + "' }.taskId", equalTo(task.toString()))
                .body("items.find { it.id == '" + none + "' }.taskId", nullValue())
                .body("items.size()", equalTo(3));
        as(owner).queryParam("agentId", agent.id).queryParam("taskId", task).when().get("/api/deployments/executions")
                .then().statusCode(200).body("items.id", equalTo(List.of(id)));
        as(owner).queryParam("agentId", agent.id).queryParam("taskId", task).queryParam("status", "running")
                .when().get("/api/deployments/executions").then().statusCode(200).body("items.size()", equalTo(0));
        as(owner).queryParam("agentId", agent.id).queryParam("taskId", UUID.randomUUID())
                .when().get("/api/deployments/executions").then().statusCode(200).body("items.size()", equalTo(0));
        as(UUID.randomUUID(), Map.of(agent.orgs.get(0), "viewer")).queryParam("agentId", agent.id)
                .queryParam("taskId", task).when().get("/api/deployments/executions").then().statusCode(200)
                .body("items.id", equalTo(List.of(id)));
        assertEquals(1L, TestDatabase.queryLong("select count(*) from executions where task_id = ?", task));
        as(owner).when().get("/api/deployments/executions/" + other).then().statusCode(200).body("taskId", notNullValue());

        JsonNode completed = await(agent, COMPLETED, 1).get(0);
        assertEquals(id, completed.path("executionId").asText());
        assertEquals(task.toString(), completed.path("taskId").asText());
    }

    @Test
    void refusesToMoveAnExecutionToAnotherTask() {
        TestAgents.Agent agent = TestAgents.register(owner);
        String token = TestAgents.rotateToken(agent);
        UUID task = UUID.randomUUID();
        String id = asAgent(token).body("{\"status\":\"running\",\"taskId\":\"" + task + "\"}")
                .when().post("/api/runtime/executions").then().statusCode(201).extract().path("id");

        asAgent(token).body("{\"id\":\"" + id + "\",\"status\":\"waiting\",\"taskId\":\"" + UUID.randomUUID() + "\"}")
                .when().post("/api/runtime/executions").then().statusCode(409).contentType("application/problem+json")
                .body("errors.field", hasItem("taskId"));
        asAgent(token).body("{\"id\":\"" + id + "\",\"status\":\"waiting\",\"taskId\":\"" + task + "\"}")
                .when().post("/api/runtime/executions").then().statusCode(200)
                .body("status", equalTo("waiting")).body("taskId", equalTo(task.toString()));
        asAgent(token).body("{\"id\":\"" + id + "\",\"status\":\"running\",\"taskId\":null}")
                .when().post("/api/runtime/executions").then().statusCode(200).body("taskId", equalTo(task.toString()));
        assertEquals(task.toString(), TestDatabase.query("select task_id::text from executions where id = ?::uuid", id,
                rows -> rows.next() ? rows.getString(1) : null));
    }

    @Test
    void letsAnExecutionThatNamedNoTaskNameOneLater() {
        TestAgents.Agent agent = TestAgents.register(owner);
        String token = TestAgents.rotateToken(agent);
        UUID task = UUID.randomUUID();
        String id = asAgent(token).body("{\"status\":\"running\"}").when().post("/api/runtime/executions")
                .then().statusCode(201).body("taskId", nullValue()).extract().path("id");

        asAgent(token).body("{\"id\":\"" + id + "\",\"status\":\"running\",\"taskId\":\"" + task + "\"}")
                .when().post("/api/runtime/executions").then().statusCode(200).body("taskId", equalTo(task.toString()));
        asAgent(token).body("{\"id\":\"" + id + "\",\"status\":\"running\",\"taskId\":\"" + UUID.randomUUID() + "\"}")
                .when().post("/api/runtime/executions").then().statusCode(409).body("errors.field", hasItem("taskId"));
    }

    @Test
    void rejectsABadTaskIdNamingTheFieldAndWritesNothing() {
        TestAgents.Agent agent = TestAgents.register(owner);
        String token = TestAgents.rotateToken(agent);

        asAgent(token).body("{\"status\":\"running\",\"taskId\":\"task-7\"}").when().post("/api/runtime/executions")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("taskId"));
        asAgent(token).body("{\"status\":\"running\",\"taskId\":7}").when().post("/api/runtime/executions")
                .then().statusCode(400).body("errors.field", hasItem("taskId"));
        assertEquals(0L, TestDatabase.queryLong("select count(*) from executions where agent_id = ?", agent.id));

        as(owner).queryParam("agentId", agent.id).queryParam("taskId", "task-7").when().get("/api/deployments/executions")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("taskId"));
    }

    @Test
    void letsNoOtherUserFilterSomeoneElsesExecutionsByTask() {
        TestAgents.Agent agent = TestAgents.register(owner);
        String token = TestAgents.rotateToken(agent);
        UUID task = UUID.randomUUID();
        asAgent(token).body("{\"status\":\"running\",\"taskId\":\"" + task + "\"}").when().post("/api/runtime/executions")
                .then().statusCode(201);

        as(UUID.randomUUID()).queryParam("agentId", agent.id).queryParam("taskId", task)
                .when().get("/api/deployments/executions").then().statusCode(404);
        as(UUID.randomUUID(), Map.of("other", "admin")).queryParam("agentId", agent.id).queryParam("taskId", task)
                .when().get("/api/deployments/executions").then().statusCode(404);
        given().queryParam("agentId", agent.id).queryParam("taskId", task).when().get("/api/deployments/executions")
                .then().statusCode(401);
    }

    @Test
    void readsAnExecutionsThoughtsAsATree() {
        TestAgents.Agent agent = TestAgents.register(owner);
        String token = TestAgents.rotateToken(agent);
        String execution = asAgent(token).body("{\"status\":\"running\"}").when().post("/api/runtime/executions")
                .then().statusCode(201).extract().path("id");
        String path = "/api/runtime/executions/" + execution + "/thoughts";
        asAgent(token).body("{\"nodeId\":\"in\",\"nodeType\":\"input\",\"content\":\"question\"}").when().post(path)
                .then().statusCode(201);
        asAgent(token).body("{\"nodeId\":\"think\",\"nodeType\":\"processing\",\"parentNodeId\":\"in\","
                + "\"content\":\"compare sources\",\"confidence\":0.8,\"processingTimeMs\":120,\"metadata\":{\"model\":\"x\"}}")
                .when().post(path).then().statusCode(201);
        asAgent(token).body("{\"nodeId\":\"act\",\"nodeType\":\"action\",\"parentNodeId\":\"think\",\"content\":\"fetch\"}")
                .when().post(path).then().statusCode(201);
        asAgent(token).body("{\"nodeId\":\"out\",\"nodeType\":\"output\",\"parentNodeId\":\"in\",\"content\":\"answer\"}")
                .when().post(path).then().statusCode(201);

        as(owner).when().get("/api/deployments/executions/" + execution + "/thoughts").then().statusCode(200)
                .body("roots.size()", equalTo(1))
                .body("roots[0].nodeId", equalTo("in"))
                .body("roots[0].children.nodeId", equalTo(List.of("think", "out")))
                .body("roots[0].children[0].confidence", equalTo(0.8f))
                .body("roots[0].children[0].metadata.model", equalTo("x"))
                .body("roots[0].children[0].children[0].nodeId", equalTo("act"));
        as(UUID.randomUUID()).when().get("/api/deployments/executions/" + execution + "/thoughts").then().statusCode(404);
        asAgent(token).body("{\"nodeId\":\"x\",\"nodeType\":\"dream\",\"content\":\"\",\"confidence\":2}").when().post(path)
                .then().statusCode(400).body("errors.field", hasItems("nodeType", "content", "confidence"));
        asAgent(token).body("{\"nodeId\":\"x\",\"nodeType\":\"input\",\"content\":\"c\"}")
                .when().post("/api/runtime/executions/" + UUID.randomUUID() + "/thoughts").then().statusCode(404);
    }

    @Test
    void readsMetricsInTimeBuckets() {
        TestAgents.Agent agent = TestAgents.register(owner);
        String token = TestAgents.rotateToken(agent);
        metric(token, "response_time", 100, "2026-01-01T10:05:00Z");
        metric(token, "response_time", 300, "2026-01-01T10:55:00Z");
        metric(token, "response_time", 50, "2026-01-01T11:10:00Z");
        metric(token, "cost", 2, "2026-01-01T10:10:00Z");

        as(owner).queryParam("agentId", agent.id).queryParam("type", "response_time")
                .queryParam("from", "2026-01-01T00:00:00Z").queryParam("to", "2026-01-02T00:00:00Z")
                .queryParam("bucket", "PT1H").when().get("/api/deployments/metrics").then().statusCode(200)
                .body("points.bucketStart", equalTo(List.of("2026-01-01T10:00:00Z", "2026-01-01T11:00:00Z")))
                .body("points.count", equalTo(List.of(2, 1)))
                .body("points[0].avg", equalTo(200))
                .body("points[0].max", equalTo(300))
                .body("points[0].unit", equalTo("ms"));
        as(owner).queryParam("agentId", agent.id).queryParam("from", "2026-01-01T00:00:00Z")
                .queryParam("to", "2026-01-02T00:00:00Z").queryParam("bucket", "P1D").when().get("/api/deployments/metrics")
                .then().statusCode(200).body("points.type", equalTo(List.of("cost", "response_time")));
        as(owner).queryParam("agentId", agent.id).queryParam("bucket", "hourly").queryParam("from", "x")
                .when().get("/api/deployments/metrics").then().statusCode(400).body("errors.field", hasItems("bucket", "from"));
        as(UUID.randomUUID()).queryParam("agentId", agent.id).when().get("/api/deployments/metrics").then().statusCode(404);
        asAgent(token).body("{\"type\":\"Bad Type\"}").when().post("/api/runtime/metrics").then().statusCode(400)
                .body("errors.field", hasItems("type", "value"));
        given().when().get("/api/deployments/metrics").then().statusCode(401);
    }

    private static void metric(String token, String type, double value, String at) {
        asAgent(token).body("{\"type\":\"" + type + "\",\"value\":" + value + ",\"unit\":\"ms\",\"recordedAt\":\"" + at + "\"}")
                .when().post("/api/runtime/metrics").then().statusCode(201);
    }

    /**
     * The payloads of the first {@code count} events of a type about the agent, each checked against its contract and
     * its audience (the agent's owner and its organizations' members).
     */
    private static List<JsonNode> await(TestAgents.Agent agent, String type, int count) {
        Predicate<TopicReader.Received> match = r -> agent.id.toString().equals(r.key()) && type.equals(r.header("ce_type"));
        return events.awaitCount(match, count, TIMEOUT).stream().map(r -> {
            assertEquals(List.of(), TestAgents.CONTRACTS.violations("deployments.v1", type, r.value()), r.value());
            assertEquals(Audience.users(agent.ownerId).plusOrgs(agent.orgs, OrgRoles.READERS),
                    Audience.fromJson(r.header(Audience.HEADER)), type);
            try {
                return TestAgents.JSON.readTree(r.value());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

}
