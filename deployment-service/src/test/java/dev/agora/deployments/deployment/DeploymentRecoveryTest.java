package dev.agora.deployments.deployment;

import static dev.agora.deployments.TestAgents.as;
import static dev.agora.deployments.TestAgents.awaitStatus;
import static dev.agora.deployments.TestAgents.deploy;
import static dev.agora.testsupport.TestDatabase.TIMEOUT;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.agora.deployments.ControlledDriver;
import dev.agora.deployments.TestAgents;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Deployments outlive the service: rollouts nobody follows are followed again, releases are retried with a bound. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class DeploymentRecoveryTest {
    @Inject
    ControlledDriver driver;

    @Inject
    MeterRegistry registry;

    private final UUID owner = UUID.randomUUID();

    @Test
    void followsAgainADeployingDeploymentWhoseFollowerIsGone() {
        TestAgents.Agent agent = TestAgents.register(owner);
        UUID id = UUID.randomUUID();
        // as a service that died mid-rollout leaves it: deploying, its follower's lease long run out
        TestDatabase.execute("""
                insert into deployments (id, agent_id, owner_id, version, job_id, status, trigger_type, deployment_url,
                    image, cpu, memory, replicas, port, started_at, created_at, followed_at)
                values (?, ?, ?, 1, ?, 'deploying', 'manual', ?, 'ghcr.io/acme/oracle:1', '500m', '512Mi', 1, 8080,
                    now() - interval '1 hour', now() - interval '1 hour', now() - interval '1 hour')
                """, id, agent.id, owner, "ctl-" + id, "https://" + agent.subdomain + ".agents.test");

        driver.awaitRunning(id).succeeded("available again");

        assertTrue(driver.wasResumed(id));
        awaitStatus(id, "succeeded");
        as(owner).queryParam("limit", 200).when().get("/api/deployments/" + id + "/logs").then().statusCode(200)
                .body("items.line", hasItem(containsString("following " + id + " again")));
    }

    @Test
    void keepsFollowingItsOwnRolloutsByRenewingTheirLease() {
        TestAgents.Agent agent = TestAgents.register(owner);
        UUID id = deploy(owner, agent);
        driver.awaitRunning(id);

        // longer than the test lease (3s): renewed on every dispatcher tick, so never taken as orphaned
        await().pollDelay(java.time.Duration.ofSeconds(4)).atMost(TIMEOUT).until(() -> true);

        assertFalse(driver.wasResumed(id));
        assertEquals("deploying", TestAgents.status(id));
    }

    @Test
    void retriesAFailedReleaseUntilItSucceeds() {
        TestAgents.Agent agent = TestAgents.register(owner);
        UUID id = deploy(owner, agent);
        driver.awaitRunning(id).succeeded("ok");
        awaitStatus(id, "succeeded");
        driver.failReleases(id, 1);

        as(owner).when().post("/api/deployments/" + id + "/stop").then().statusCode(200);

        await().atMost(TIMEOUT).until(() -> driver.wasReleased(id));
        await().atMost(TIMEOUT).until(() -> TestDatabase.queryLong(
                "select count(*) from deployments where id = ? and released_at is not null", id) == 1);
        assertEquals(2, TestDatabase.queryLong("select release_attempts from deployments where id = ?", id));
        as(owner).queryParam("limit", 200).when().get("/api/deployments/" + id + "/logs").then()
                .body("items.line", hasItem(containsString("failed (attempt 1 of 3)")));
    }

    @Test
    void givesUpAReleaseAfterTheLastAttemptWithAnErrorAndAMetric() {
        TestAgents.Agent agent = TestAgents.register(owner);
        UUID id = deploy(owner, agent);
        driver.awaitRunning(id);
        driver.failReleases(id, 100);
        double before = abandoned();

        as(owner).when().post("/api/deployments/" + id + "/cancel").then().statusCode(200);

        await().atMost(TIMEOUT).until(() -> TestDatabase.queryLong(
                "select count(*) from deployments where id = ? and release_failed_at is not null", id) == 1);
        assertEquals(3, TestDatabase.queryLong("select release_attempts from deployments where id = ?", id));
        assertFalse(driver.wasReleased(id));
        as(owner).queryParam("limit", 200).when().get("/api/deployments/" + id + "/logs").then()
                .body("items.findAll { it.level == 'error' }.line",
                        hasItem(containsString("gave up removing the deployment's resources after 3 attempts")));
        await().atMost(TIMEOUT).until(() -> abandoned() >= before + 1);
    }

    private double abandoned() {
        var counter = registry.find("agora.deployments.releases.abandoned").counter();
        return counter == null ? 0 : counter.count();
    }
}
