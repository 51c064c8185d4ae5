package dev.agora.triggers.agentref;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.ProjectionRepairsApi;
import dev.agora.testsupport.ProjectionRepairsEndpointTest;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TestEvents;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * An agent's snapshot sent again for reconciliation ({@code agora.agent.snapshot.v1}) is compared with its
 * {@code agent_refs} row: a row that differs, or is missing, is repaired from it and listed as a repair (who may see
 * the agent's events follows the repaired row); an equal or newer row is left alone.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class AgentRefReconciliationTest extends ProjectionRepairsEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SNAPSHOT = "agora.agent.snapshot.v1";
    private static final String REPAIRS = "/api/triggers/admin/projections/repairs";

    @Override
    protected String repairsPath() {
        return REPAIRS;
    }

    @Override
    protected String projectionKeptElsewhere() {
        return "catalog";
    }

    private final UUID agentId = UUID.randomUUID();
    private final UUID ownerId = UUID.randomUUID();

    @Test
    void aRefThatDiffersFromTheSnapshotIsRepairedAndListed() {
        TestDatabase.awaitProcessed(send("agora.agent.registered.v1", event(3, "active", List.of("acme"))));
        TestDatabase.execute("update agent_refs set org_slugs = '{}', status = 'paused' where agent_id = ?", agentId);

        String snapshot = send(SNAPSHOT, event(3, "active", List.of("acme")));
        TestDatabase.awaitProcessed(snapshot);

        assertEquals(List.of("{acme}", "active"), TestDatabase.query("select org_slugs::text, status from agent_refs"
                + " where agent_id = ?", agentId, rows -> rows.next() ? List.of(rows.getString(1), rows.getString(2))
                        : List.of()));
        Map<String, Object> repair = repairOf(agentId);
        assertEquals("agent_refs", repair.get("projection"));
        assertEquals(List.of("org_slugs", "status"), repair.get("fields"));
        assertEquals(snapshot, repair.get("eventId"));
    }

    @Test
    void aMissingRefIsCreatedFromTheSnapshot() {
        TestDatabase.awaitProcessed(send(SNAPSHOT, event(1, "active", List.of())));

        assertEquals(1, TestDatabase.queryLong("select count(*) from agent_refs where agent_id = ?", agentId));
        assertEquals(List.of("missing"), repairOf(agentId).get("fields"));
    }

    @Test
    void anEqualRefOrANewerOneIsLeftAlone() {
        TestDatabase.awaitProcessed(send("agora.agent.registered.v1", event(1, "active", List.of())));
        TestDatabase.awaitProcessed(send(SNAPSHOT, event(1, "active", List.of())));
        TestDatabase.awaitProcessed(send("agora.agent.status-changed.v1", event(2, "paused", List.of())));

        TestDatabase.awaitProcessed(send(SNAPSHOT, event(1, "active", List.of())));

        assertEquals(0, TestDatabase.queryLong("select count(*) from projection_repairs where subject = ?",
                agentId.toString()));
        assertEquals("paused", TestDatabase.query("select status from agent_refs where agent_id = ?", agentId,
                rows -> rows.next() ? rows.getString(1) : null));
    }

    private ObjectNode event(long version, String status, List<String> orgs) {
        ObjectNode event = JSON.createObjectNode().put("agentId", agentId.toString()).put("ownerId", ownerId.toString());
        ObjectNode agent = event.putObject("agent").put("id", agentId.toString()).put("ownerId", ownerId.toString())
                .put("name", "Oracle").put("status", status).put("version", version);
        orgs.forEach(agent.putArray("organizationSlugs")::add);
        return event;
    }

    private String send(String type, ObjectNode event) {
        return TestEvents.send("agents.v1", agentId.toString(), type, event.toString());
    }

    /** The one repair listed for the agent. */
    private static Map<String, Object> repairOf(UUID agent) {
        return ProjectionRepairsApi.repairOf(REPAIRS, "agent_refs", agent.toString());
    }
}
