package dev.agora.deployments.agentref;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.deployments.TestAgents;
import dev.agora.deployments.runtime.service.RuntimeAuth;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.ProjectionRepairsApi;
import dev.agora.testsupport.ProjectionRepairsEndpointTest;
import dev.agora.testsupport.TestDatabase;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * An agent's snapshot sent again for reconciliation ({@code agora.agent.snapshot.v1}) is compared with its
 * {@code agent_refs} row: a row that differs, or is missing, is repaired from it and listed as a repair; an agent
 * found deleted only now has its deployments cancelled; an equal or newer row is left alone.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class AgentRefReconciliationTest extends ProjectionRepairsEndpointTest {
    private static final String SNAPSHOT = "agora.agent.snapshot.v1";
    private static final String REPAIRS = "/api/deployments/admin/projections/repairs";

    @Override
    protected String repairsPath() {
        return REPAIRS;
    }

    @Override
    protected String projectionKeptElsewhere() {
        return "catalog";
    }

    @Test
    void aRefThatDiffersFromTheSnapshotIsRepairedAndListed() {
        TestAgents.Agent agent = TestAgents.register(UUID.randomUUID());
        String tokenHash = RuntimeAuth.sha256("agt_" + UUID.randomUUID());
        TestDatabase.execute("update agent_refs set subdomain = 'stale', org_slugs = '{ghost}' where agent_id = ?",
                agent.id);

        String snapshot = agent.send(SNAPSHOT, agent.event("active").put("tokenHash", tokenHash));
        TestDatabase.awaitProcessed(snapshot);

        assertEquals(List.of(agent.subdomain, tokenHash, "{}"), TestDatabase.query(
                "select subdomain, token_hash, org_slugs::text from agent_refs where agent_id = ?", agent.id,
                rows -> rows.next() ? List.of(rows.getString(1), rows.getString(2), rows.getString(3)) : List.of()));
        Map<String, Object> repair = repairOf(agent.id);
        assertEquals("agent_refs", repair.get("projection"));
        assertEquals(List.of("org_slugs", "subdomain", "token_hash"), repair.get("fields"));
        assertEquals(snapshot, repair.get("eventId"));
    }

    @Test
    void aMissingRefIsCreatedFromTheSnapshot() {
        TestAgents.Agent agent = new TestAgents.Agent(UUID.randomUUID());

        TestDatabase.awaitProcessed(agent.send(SNAPSHOT, agent.event("active")));

        assertEquals(1, TestDatabase.queryLong("select count(*) from agent_refs where agent_id = ?", agent.id));
        assertEquals(List.of("missing"), repairOf(agent.id).get("fields"));
    }

    @Test
    void anAgentFoundDeletedOnlyNowHasItsScheduledDeploymentCancelled() {
        TestAgents.Agent agent = TestAgents.register(UUID.randomUUID());
        String later = Instant.now().plus(1, ChronoUnit.HOURS).toString();
        UUID deployment = UUID.fromString(TestAgents.as(agent.ownerId).body("{\"agentId\":\"" + agent.id
                + "\",\"scheduledAt\":\"" + later + "\"}").when().post("/api/deployments").then().statusCode(201)
                .extract().path("id"));

        agent.version++;
        TestDatabase.awaitProcessed(agent.send(SNAPSHOT, agent.event("deleted")));

        TestAgents.awaitStatus(deployment, "cancelled");
        assertEquals(List.of("status"), repairOf(agent.id).get("fields"));
    }

    @Test
    void anEqualRefOrANewerOneIsLeftAlone() {
        TestAgents.Agent agent = TestAgents.register(UUID.randomUUID());
        TestDatabase.awaitProcessed(agent.send(SNAPSHOT, agent.event("active")));
        ObjectNode older = agent.event("active");
        agent.subdomain = "renamed-" + agent.subdomain;
        TestAgents.update(agent, "subdomain");

        TestDatabase.awaitProcessed(agent.send(SNAPSHOT, older));

        assertEquals(0, TestDatabase.queryLong("select count(*) from projection_repairs where subject = ?",
                agent.id.toString()));
        assertEquals(agent.subdomain, TestDatabase.query("select subdomain from agent_refs where agent_id = ?", agent.id,
                rows -> rows.next() ? rows.getString(1) : null));
    }

    /** The one repair listed for the agent. */
    private static Map<String, Object> repairOf(UUID agent) {
        return ProjectionRepairsApi.repairOf(REPAIRS, "agent_refs", agent.toString());
    }
}
