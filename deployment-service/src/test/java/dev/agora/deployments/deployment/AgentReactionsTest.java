package dev.agora.deployments.deployment;

import static dev.agora.deployments.TestAgents.as;
import static dev.agora.deployments.TestAgents.awaitStatus;
import static dev.agora.deployments.TestAgents.deploy;
import static dev.agora.testsupport.TestDatabase.TIMEOUT;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.agora.deployments.ControlledDriver;
import dev.agora.deployments.TestAgents;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Deployments that nobody requests at the moment they happen: scheduled ones, config changes, agent deletions. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class AgentReactionsTest {
    @Inject
    ControlledDriver driver;

    private final UUID owner = UUID.randomUUID();

    @Test
    void runsAScheduledDeploymentAtItsTime() {
        TestAgents.Agent agent = TestAgents.register(owner);
        Instant at = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.MILLIS);
        String id = as(owner).body("{\"agentId\":\"" + agent.id + "\",\"scheduledAt\":\"" + at + "\"}")
                .when().post("/api/deployments").then().statusCode(201).body("triggerType", equalTo("scheduled"))
                .extract().path("id");
        UUID deployment = UUID.fromString(id);

        assertEquals("pending", TestAgents.status(deployment));
        awaitStatus(deployment, "deploying");
        Instant started = Instant.parse(as(owner).when().get("/api/deployments/" + id).then().extract().path("startedAt"));
        assertFalse(started.isBefore(at), "started " + started + " before " + at);
    }

    @Test
    void redeploysADeployedAgentWhenItsDeploymentConfigChangesAndItAskedForIt() {
        TestAgents.Agent agent = new TestAgents.Agent(owner);
        agent.deploymentConfig.put("image", "ghcr.io/acme/oracle:1").put("autoRedeploy", true);
        TestAgents.register(agent);
        UUID first = deploy(owner, agent);
        driver.awaitRunning(first).succeeded("ok");
        awaitStatus(first, "succeeded");

        agent.deploymentConfig.put("image", "ghcr.io/acme/oracle:2");
        TestAgents.update(agent, "deploymentConfig");

        UUID second = await().atMost(TIMEOUT).until(() -> latest(agent.id), id -> id != null && !id.equals(first));
        as(owner).when().get("/api/deployments/" + second).then().statusCode(200)
                .body("triggerType", equalTo("config_change"))
                .body("image", equalTo("ghcr.io/acme/oracle:2"))
                .body("version", equalTo(2));
        driver.awaitRunning(second).succeeded("ok");
        awaitStatus(second, "succeeded");
        assertEquals("stopped", TestAgents.status(first));
    }

    @Test
    void leavesTheAgentAloneForOtherChangesOrWithoutAutoRedeploy() {
        TestAgents.Agent auto = new TestAgents.Agent(owner);
        auto.deploymentConfig.put("autoRedeploy", true);
        TestAgents.register(auto);
        TestAgents.Agent manual = TestAgents.register(owner);
        for (TestAgents.Agent agent : new TestAgents.Agent[] { auto, manual }) {
            UUID id = deploy(owner, agent);
            driver.awaitRunning(id).succeeded("ok");
            awaitStatus(id, "succeeded");
        }

        TestAgents.update(auto, "description", "tags");
        manual.deploymentConfig.put("memory", "1Gi");
        TestAgents.update(manual, "deploymentConfig");

        assertEquals(1, count(auto.id));
        assertEquals(1, count(manual.id));
    }

    @Test
    void neverRedeploysAnAgentThatWasNeverDeployed() {
        TestAgents.Agent agent = new TestAgents.Agent(owner);
        agent.deploymentConfig.put("autoRedeploy", true);
        TestAgents.register(agent);

        agent.deploymentConfig.put("replicas", 2);
        TestAgents.update(agent, "deploymentConfig");

        assertEquals(0, count(agent.id));
    }

    @Test
    void stopsTheRunningDeploymentAndCancelsThePendingOneWhenTheAgentIsDeleted() {
        TestAgents.Agent agent = TestAgents.register(owner);
        UUID running = deploy(owner, agent);
        driver.awaitRunning(running).succeeded("ok");
        awaitStatus(running, "succeeded");
        String at = Instant.now().plus(1, ChronoUnit.HOURS).toString();
        UUID pending = UUID.fromString(as(owner).body("{\"agentId\":\"" + agent.id + "\",\"scheduledAt\":\"" + at + "\"}")
                .when().post("/api/deployments").then().statusCode(201).extract().path("id"));

        TestAgents.delete(agent);

        assertEquals("stopped", TestAgents.status(running));
        assertEquals("cancelled", TestAgents.status(pending));
        await().atMost(TIMEOUT).until(() -> driver.wasReleased(running));
        DeploymentLifecycleTestEvents.assertPublished(agent, "agora.deployment.stopped.v1", "agora.deployment.cancelled.v1");
    }

    private static UUID latest(UUID agentId) {
        return TestDatabase.query("select id from deployments where agent_id = ? order by version desc limit 1", agentId,
                rows -> rows.next() ? rows.getObject(1, UUID.class) : null);
    }

    private static long count(UUID agentId) {
        return TestDatabase.queryLong("select count(*) from deployments where agent_id = ?", agentId);
    }
}
