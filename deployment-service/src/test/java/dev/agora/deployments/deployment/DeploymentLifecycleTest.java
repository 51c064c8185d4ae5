package dev.agora.deployments.deployment;

import static dev.agora.deployments.TestAgents.as;
import static dev.agora.deployments.TestAgents.awaitStatus;
import static dev.agora.deployments.TestAgents.deploy;
import static dev.agora.testsupport.TestDatabase.TIMEOUT;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.agora.deployments.ControlledDriver;
import dev.agora.deployments.TestAgents;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class DeploymentLifecycleTest {
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
    void takesADeploymentFromRequestedThroughStartedToSucceededAndPublishesEachStep() {
        TestAgents.Agent agent = TestAgents.register(owner);
        UUID id = deploy(owner, agent);

        awaitStatus(id, "deploying");
        driver.awaitRunning(id).succeeded("1 replica available");
        awaitStatus(id, "succeeded");

        as(owner).when().get("/api/deployments/" + id).then().statusCode(200)
                .body("status", equalTo("succeeded"))
                .body("version", equalTo(1))
                .body("triggerType", equalTo("manual"))
                .body("jobId", equalTo("ctl-" + id))
                .body("deploymentUrl", equalTo("https://" + agent.subdomain + ".agents.test"))
                .body("image", equalTo("ghcr.io/acme/oracle:1"))
                .body("resources.cpu", equalTo("500m"))
                .body("resources.memory", equalTo("512Mi"))
                .body("resources.replicas", equalTo(1))
                .body("deploymentSummary", equalTo("1 replica available"))
                .body("startedAt", notNullValue())
                .body("deployedAt", notNullValue())
                .body("completedAt", notNullValue())
                .body("errorMessage", nullValue());
        assertEquals(List.of("agora.deployment.requested.v1", "agora.deployment.started.v1",
                "agora.deployment.succeeded.v1"), publishedTypes(agent, 3));
    }

    @Test
    void recordsTheDriversReasonWhenADeploymentFails() {
        TestAgents.Agent agent = TestAgents.register(owner);
        UUID id = deploy(owner, agent);
        driver.awaitRunning(id).failed("ImagePullBackOff: no such image");
        awaitStatus(id, "failed");

        as(owner).when().get("/api/deployments/" + id).then().statusCode(200)
                .body("errorMessage", equalTo("ImagePullBackOff: no such image"))
                .body("deployedAt", nullValue());
        assertEquals("agora.deployment.failed.v1", publishedTypes(agent, 3).get(2));
    }

    @Test
    void usesTheAgentsDeploymentConfigForImageAndResources() {
        TestAgents.Agent agent = new TestAgents.Agent(owner);
        agent.deploymentConfig.put("image", "registry.example.com/acme/oracle:2.1").put("cpu", "250m")
                .put("memory", "1Gi").put("replicas", 3).put("port", 9000);
        TestAgents.register(agent);
        UUID id = deploy(owner, agent);

        driver.awaitRunning(id);
        assertEquals("registry.example.com/acme/oracle:2.1", driver.spec(id).image());
        assertEquals(9000, driver.spec(id).port());
        as(owner).when().get("/api/deployments/" + id).then().statusCode(200)
                .body("resources.cpu", equalTo("250m"))
                .body("resources.memory", equalTo("1Gi"))
                .body("resources.replicas", equalTo(3))
                .body("port", equalTo(9000));
    }

    @Test
    void cancelsAPendingDeployment() {
        TestAgents.Agent agent = TestAgents.register(owner);
        UUID id = scheduled(agent);

        as(owner).when().post("/api/deployments/" + id + "/cancel").then().statusCode(200)
                .body("status", equalTo("cancelled")).body("completedAt", notNullValue());
        assertEquals(List.of("agora.deployment.requested.v1", "agora.deployment.cancelled.v1"), publishedTypes(agent, 2));
    }

    @Test
    void cancelsADeployingDeploymentAndTheDriverRemovesIt() {
        TestAgents.Agent agent = TestAgents.register(owner);
        UUID id = deploy(owner, agent);
        var progress = driver.awaitRunning(id);
        awaitStatus(id, "deploying");

        as(owner).when().post("/api/deployments/" + id + "/cancel").then().statusCode(200).body("status", equalTo("cancelled"));
        await().atMost(TIMEOUT).until(() -> driver.wasReleased(id));

        progress.succeeded("too late");
        assertEquals(List.of("agora.deployment.requested.v1", "agora.deployment.started.v1",
                "agora.deployment.cancelled.v1"), publishedTypes(agent, 3));
        assertEquals("cancelled", TestAgents.status(id));
    }

    @Test
    void stopsASucceededDeploymentAndTheDriverRemovesIt() {
        TestAgents.Agent agent = TestAgents.register(owner);
        UUID id = succeeded(agent);

        as(owner).when().post("/api/deployments/" + id + "/stop").then().statusCode(200)
                .body("status", equalTo("stopped")).body("stoppedAt", notNullValue());
        await().atMost(TIMEOUT).until(() -> driver.wasReleased(id));
        assertEquals("agora.deployment.stopped.v1", publishedTypes(agent, 4).get(3));
    }

    @Test
    void refusesEveryTransitionTheStateMachineDoesNotAllow() {
        List<String> refused = new ArrayList<>();
        for (String state : List.of("pending", "deploying", "succeeded", "failed", "cancelled", "stopped")) {
            UUID id = inState(state);
            for (String action : List.of("cancel", "stop")) {
                boolean allowed = action.equals("cancel") ? List.of("pending", "deploying").contains(state)
                        : state.equals("succeeded");
                if (!allowed) {
                    as(owner).when().post("/api/deployments/" + id + "/" + action).then().statusCode(409)
                            .contentType("application/problem+json")
                            .body("errors.field", hasItem("status"));
                    assertEquals(state, TestAgents.status(id), action + " changed a " + state + " deployment");
                    refused.add(action + " " + state);
                }
            }
        }
        assertEquals(9, refused.size(), refused.toString());
    }

    @Test
    void refusesASecondActiveDeploymentOfTheSameAgent() {
        TestAgents.Agent agent = TestAgents.register(owner);
        deploy(owner, agent);

        as(owner).body("{\"agentId\":\"" + agent.id + "\"}").when().post("/api/deployments").then().statusCode(409)
                .body("errors.field", hasItem("agentId"));
    }

    @Test
    void letsOnlyOneOfTwoConcurrentRequestsForTheSameAgentThrough() throws Exception {
        for (int round = 0; round < 3; round++) {
            TestAgents.Agent agent = TestAgents.register(owner);
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Integer>> requests = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                requests.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return as(owner).body("{\"agentId\":\"" + agent.id + "\"}").when().post("/api/deployments")
                            .then().extract().statusCode();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<Integer> request : requests) {
                statuses.add(request.get());
            }
            statuses.sort(null);
            assertEquals(List.of(201, 409), statuses);
            assertEquals(1, dev.agora.testsupport.TestDatabase.queryLong(
                    "select count(*) from deployments where agent_id = ?", agent.id));
        }
    }

    @Test
    void stopsThePreviousDeploymentWhenANewOneSucceeds() {
        TestAgents.Agent agent = TestAgents.register(owner);
        UUID first = succeeded(agent);
        UUID second = succeeded(agent);

        assertEquals("stopped", TestAgents.status(first));
        as(owner).when().get("/api/deployments/" + second).then().body("version", equalTo(2)).body("status", equalTo("succeeded"));
        List<String> types = publishedTypes(agent, 7);
        assertEquals(List.of("agora.deployment.stopped.v1", "agora.deployment.succeeded.v1"), types.subList(5, 7));
        assertTrue(!driver.wasReleased(first), "the new deployment took the resources over: nothing to remove");
    }

    @Test
    void findsADeploymentByItsJobId() {
        TestAgents.Agent agent = TestAgents.register(owner);
        UUID id = deploy(owner, agent);
        awaitStatus(id, "deploying");

        as(owner).when().get("/api/deployments/jobs/ctl-" + id).then().statusCode(200)
                .body("id", equalTo(id.toString())).body("status", equalTo("deploying"));
        as(UUID.randomUUID()).when().get("/api/deployments/jobs/ctl-" + id).then().statusCode(404);
        as(owner).when().get("/api/deployments/jobs/ctl-unknown").then().statusCode(404);
    }

    @Test
    void countsAnAgentsDeployments() {
        TestAgents.Agent agent = TestAgents.register(owner);
        succeeded(agent);
        UUID failed = deploy(owner, agent);
        driver.awaitRunning(failed).failed("CrashLoopBackOff");
        awaitStatus(failed, "failed");
        UUID cancelled = scheduled(agent);
        as(owner).when().post("/api/deployments/" + cancelled + "/cancel").then().statusCode(200);

        as(owner).queryParam("agentId", agent.id).when().get("/api/deployments/stats").then().statusCode(200)
                .body("totalDeployments", equalTo(3))
                .body("successfulDeployments", equalTo(1))
                .body("failedDeployments", equalTo(2 - 1))
                .body("lastDeploymentAt", notNullValue())
                .body("totalExecutions", equalTo(0))
                .body("successRate", nullValue());
        as(owner).when().get("/api/deployments/stats").then().statusCode(400).body("errors.field", hasItem("agentId"));
    }

    @Test
    void listsAnAgentsDeploymentsNewestFirstByStatusAndPage() {
        TestAgents.Agent agent = TestAgents.register(owner);
        UUID first = succeeded(agent);
        UUID second = succeeded(agent);
        UUID third = scheduled(agent);

        as(owner).queryParam("agentId", agent.id).when().get("/api/deployments").then().statusCode(200)
                .body("items.id", equalTo(List.of(third.toString(), second.toString(), first.toString())));
        as(owner).queryParam("agentId", agent.id).queryParam("status", "stopped").when().get("/api/deployments")
                .then().statusCode(200).body("items.id", equalTo(List.of(first.toString())));
        String cursor = as(owner).queryParam("agentId", agent.id).queryParam("limit", 2).when().get("/api/deployments")
                .then().statusCode(200).body("items.size()", equalTo(2)).extract().path("nextCursor");
        as(owner).queryParam("agentId", agent.id).queryParam("limit", 2).queryParam("cursor", cursor)
                .when().get("/api/deployments").then().statusCode(200)
                .body("items.id", equalTo(List.of(first.toString()))).body("nextCursor", nullValue());
        as(owner).queryParam("status", "running").when().get("/api/deployments").then().statusCode(400)
                .body("errors.field", hasItem("status"));
        as(owner).queryParam("agentId", "nope").when().get("/api/deployments").then().statusCode(400)
                .body("errors.field", hasItem("agentId"));
    }

    /** A deployment of a new agent, in the given state. */
    private UUID inState(String state) {
        TestAgents.Agent agent = TestAgents.register(owner);
        switch (state) {
            case "pending":
                return scheduled(agent);
            case "deploying": {
                UUID id = deploy(owner, agent);
                awaitStatus(id, "deploying");
                return id;
            }
            case "succeeded":
                return succeeded(agent);
            case "failed": {
                UUID id = deploy(owner, agent);
                driver.awaitRunning(id).failed("boom");
                awaitStatus(id, "failed");
                return id;
            }
            case "cancelled": {
                UUID id = scheduled(agent);
                as(owner).when().post("/api/deployments/" + id + "/cancel").then().statusCode(200);
                return id;
            }
            case "stopped": {
                UUID id = succeeded(agent);
                as(owner).when().post("/api/deployments/" + id + "/stop").then().statusCode(200);
                return id;
            }
            default:
                throw new IllegalArgumentException(state);
        }
    }

    private UUID succeeded(TestAgents.Agent agent) {
        UUID id = deploy(owner, agent);
        driver.awaitRunning(id).succeeded("ok");
        awaitStatus(id, "succeeded");
        return id;
    }

    private UUID scheduled(TestAgents.Agent agent) {
        String at = Instant.now().plus(1, ChronoUnit.HOURS).toString();
        String id = as(owner).body("{\"agentId\":\"" + agent.id + "\",\"scheduledAt\":\"" + at + "\"}")
                .when().post("/api/deployments").then().statusCode(201)
                .body("status", equalTo("pending")).body("triggerType", equalTo("scheduled")).extract().path("id");
        return UUID.fromString(id);
    }

    /** The types of the first {@code count} events about the agent, each checked against its contract. */
    static List<String> publishedTypes(TestAgents.Agent agent, int count) {
        List<TopicReader.Received> received = events.awaitCount(r -> agent.id.toString().equals(r.key()), count, TIMEOUT);
        for (TopicReader.Received event : received) {
            assertEquals(List.of(), TestAgents.CONTRACTS.violations("deployments.v1", event.header("ce_type"), event.value()),
                    event.header("ce_type") + " " + event.value());
        }
        return received.stream().map(r -> r.header("ce_type")).toList();
    }
}
