package dev.agora.marketplace;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.ProjectionRepairsApi;
import dev.agora.testsupport.ProjectionRepairsEndpointTest;
import dev.agora.testsupport.TestDatabase;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * An agent's snapshot sent again for reconciliation ({@code agora.agent.snapshot.v1}) is compared with its catalog
 * row: a row that differs, or is missing, is repaired from it and listed as a repair; an equal row, or one already
 * changed by a newer event, is left alone.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class CatalogReconciliationTest extends ProjectionRepairsEndpointTest {
    private static final String SNAPSHOT = "agora.agent.snapshot.v1";
    private static final String REPAIRS = "/api/marketplace/admin/projections/repairs";

    @Override
    protected String repairsPath() {
        return REPAIRS;
    }

    @Override
    protected String projectionKeptElsewhere() {
        return "agent_refs";
    }

    @Test
    void aRowThatDiffersFromTheSnapshotIsRepairedAndListed() {
        TestAgent agent = listedAgent();
        TestDatabase.execute("update catalog_agents set name = 'Stale', listed = false, tags = '{}' where agent_id = ?",
                agent.id);

        String snapshot = agent.send(SNAPSHOT, agent.envelope());
        TestDatabase.awaitProcessed(snapshot);

        given().when().get("/api/marketplace/agents/" + agent.id).then().statusCode(200)
                .body("name", equalTo(agent.name));
        Map<String, Object> repair = repairOf(agent.id);
        assertEquals("catalog", repair.get("projection"));
        assertEquals(List.of("name", "tags", "listed"), repair.get("fields"));
        assertEquals(snapshot, repair.get("eventId"));
    }

    @Test
    void aMissingRowIsCreatedFromTheSnapshot() {
        TestAgent agent = TestAgent.published(UUID.randomUUID(), "missing");
        agent.status = "active";

        TestDatabase.awaitProcessed(agent.send(SNAPSHOT, agent.envelope()));

        given().when().get("/api/marketplace/agents/" + agent.id).then().statusCode(200)
                .body("name", equalTo(agent.name));
        assertEquals(List.of("missing"), repairOf(agent.id).get("fields"));
    }

    @Test
    void anEqualRowOrANewerOneIsLeftAlone() {
        TestAgent agent = listedAgent();
        TestDatabase.awaitProcessed(agent.send(SNAPSHOT, agent.envelope()));

        String older = agent.envelope().toString();
        TestDatabase.awaitProcessed(agent.rename("Renamed"));
        TestDatabase.awaitProcessed(agent.sendAs(UUID.randomUUID().toString(), SNAPSHOT, older));

        assertEquals(0, TestDatabase.queryLong("select count(*) from projection_repairs where subject = ?",
                agent.id.toString()));
        assertEquals("Renamed", TestDatabase.query("select name from catalog_agents where agent_id = ?", agent.id,
                rows -> rows.next() ? rows.getString(1) : null));
    }

    private static TestAgent listedAgent() {
        TestAgent agent = TestAgent.published(UUID.randomUUID(), "reconciled");
        agent.status = "active";
        TestDatabase.awaitProcessed(agent.register());
        return agent;
    }

    /** The one repair listed for the agent. */
    private static Map<String, Object> repairOf(UUID agent) {
        return ProjectionRepairsApi.repairOf(REPAIRS, "catalog", agent.toString());
    }
}
