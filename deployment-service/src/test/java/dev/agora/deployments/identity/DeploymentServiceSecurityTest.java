package dev.agora.deployments.identity;

import static dev.agora.deployments.TestAgents.as;
import static dev.agora.deployments.TestAgents.asAgent;
import static dev.agora.deployments.TestAgents.awaitStatus;
import static dev.agora.testsupport.TestDatabase.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.agora.common.auth.OrgRoles;
import dev.agora.common.events.Audience;
import dev.agora.deployments.ControlledDriver;
import dev.agora.deployments.TestAgents;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.ServiceSessionRevocationTest;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The security holes found in deployment-service, each replayed; a test fails if its hole reopens.
 * <ul>
 * <li><b>Events carry their audience</b> ({@code ce_audience}, decided by the publisher): the deployment, runtime
 * status and execution events about an agent are seen by the agent's readers — its owner and the members of its
 * organizations holding a reader's role — never by everyone, a stranger or another organization's admin.</li>
 * <li><b>Ended sessions</b>: the access tokens of a session the gateway ended are refused (the tests inherited from
 * {@link ServiceSessionRevocationTest}).</li>
 * </ul>
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class DeploymentServiceSecurityTest extends ServiceSessionRevocationTest {
    private static final List<String> AGENT_EVENTS = List.of("agora.deployment.requested.v1",
            "agora.deployment.started.v1", "agora.deployment.succeeded.v1", "agora.deployment.stopped.v1",
            "agora.agent.runtime-status-changed.v1", "agora.execution.completed.v1");

    @Inject
    ControlledDriver driver;

    private final UUID owner = UUID.randomUUID();

    @Override
    protected String signedInRoute() {
        return "/api/deployments";
    }

    @Test
    void deploymentAndRuntimeEventsAreSeenByTheAgentsReadersOnly() {
        String org = "org-" + UUID.randomUUID().toString().substring(0, 8);
        TestAgents.Agent agent = new TestAgents.Agent(owner);
        agent.orgs = List.of(org);
        TestAgents.register(agent);
        String token = TestAgents.rotateToken(agent);
        // an admin of the organization deploys; the deployment succeeds, the agent reports, the owner stops it
        String created = as(UUID.randomUUID(), Map.of(org, OrgRoles.ADMIN)).body("{\"agentId\":\"" + agent.id + "\"}")
                .when().post("/api/deployments").then().statusCode(201).extract().path("id");
        UUID id = UUID.fromString(created);
        driver.awaitRunning(id).succeeded("ok");
        awaitStatus(id, "succeeded");
        asAgent(token).body("{\"status\":\"healthy\"}").when().post("/api/runtime/heartbeat").then().statusCode(200);
        asAgent(token).body("{\"status\":\"success\"}").when().post("/api/runtime/executions").then().statusCode(201);
        as(owner).when().post("/api/deployments/" + id + "/stop").then().statusCode(200);

        Audience readers = Audience.users(owner).plusOrgs(List.of(org), OrgRoles.READERS);
        try (TopicReader reader = TopicReader.of("deployments.v1")) {
            for (String type : AGENT_EVENTS) {
                reader.await(r -> agent.id.toString().equals(r.key()) && type.equals(r.header("ce_type")), TIMEOUT);
            }
            List<TopicReader.Received> events = reader.awaitCount(r -> agent.id.toString().equals(r.key())
                    && AGENT_EVENTS.contains(r.header("ce_type")), AGENT_EVENTS.size(), TIMEOUT);
            for (TopicReader.Received event : events) {
                String type = event.header("ce_type");
                Audience audience = Audience.fromJson(event.header(Audience.HEADER));
                assertEquals(readers, audience, type + " is seen by the agent's readers");
                assertFalse(audience.isPublic(), type + " is not public");
                assertTrue(audience.admits(owner, Map.of()), type + ": the owner");
                for (String role : OrgRoles.READERS) {
                    assertTrue(audience.admits(UUID.randomUUID(), Map.of(org, role)), type + ": the org's " + role);
                }
                assertFalse(audience.admits(UUID.randomUUID(), Map.of()), type + ": not a stranger");
                assertFalse(audience.admits(UUID.randomUUID(), Map.of("other-" + org, OrgRoles.ADMIN)),
                        type + ": not another organization's admin");
            }
        }
    }
}
