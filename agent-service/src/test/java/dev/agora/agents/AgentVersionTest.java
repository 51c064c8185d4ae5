package dev.agora.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The version of the agent's last event is the stored one: every change of an agent is published, so a projection
 * that applied the agent's events holds its current version and a reconciliation finds nothing to repair.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class AgentVersionTest {

    @Test
    void theLastEventOfAnActivatedAndPublishedAgentCarriesItsStoredVersionAndUpdateTime() {
        TestAgents.Caller owner = TestAgents.Caller.user();
        try (TopicReader reader = TopicReader.of("agents.v1")) {
            String id = TestAgents.create(owner, List.of());
            owner.request().body("{\"status\":\"active\"}").when().put("/api/agents/" + id + "/status").then()
                    .statusCode(200);
            owner.request().body("{\"changes\":\"first\"}").when().post("/api/agents/" + id + "/publish").then()
                    .statusCode(200);

            List<TopicReader.Received> events = reader.awaitCount(r -> id.equals(r.key()), 3, Duration.ofSeconds(20));
            JsonPath last = JsonPath.from(events.get(events.size() - 1).value());
            Instant updatedAt = Instant.parse(last.getString("agent.updatedAt"));
            UUID agent = UUID.fromString(id);
            assertEquals(List.of(TestDatabase.queryLong("select version from agents where id = ?", agent),
                    TestDatabase.queryLong("select (extract(epoch from updated_at) * 1000000)::bigint from agents"
                            + " where id = ?", agent)),
                    List.of(last.getLong("agent.version"), ChronoUnit.MICROS.between(Instant.EPOCH, updatedAt)),
                    events.get(events.size() - 1).header("ce_type"));
        }
    }
}
