package dev.agora.agents;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.agora.testsupport.EventContracts;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * A platform admin asks for every agent's current state: one {@code agora.agent.snapshot.v1} per agent, deleted ones
 * included, each after the agent's other events, carrying its token's hash and seen only by its owner and the
 * managers of its organizations.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class AgentSnapshotsTest {
    private static final String SNAPSHOTS = "/api/agents/admin/snapshots";
    private static final String SNAPSHOT = "agora.agent.snapshot.v1";

    @Test
    void sendsTheCurrentStateOfEveryAgentDeletedOnesIncluded() throws Exception {
        String org = TestAgents.uniqueSlug("org");
        TestAgents.Caller owner = TestAgents.Caller.member(org, "admin");
        String live = TestAgents.create(owner, List.of(org));
        String token = owner.request().when().post("/api/agents/" + live + "/token").then().statusCode(200)
                .extract().path("token");
        String deleted = TestAgents.create(owner, List.of());
        owner.request().when().delete("/api/agents/" + deleted).then().statusCode(204);

        try (TopicReader reader = TopicReader.of("agents.v1")) {
            TestAgents.Caller.platformAdmin().request().when().post(SNAPSHOTS).then().statusCode(200)
                    .body("agents", greaterThanOrEqualTo(2)).body("startedAt", notNullValue());
            Map<String, TopicReader.Received> snapshots = reader.awaitCount(r -> SNAPSHOT.equals(r.header("ce_type"))
                    && Set.of(live, deleted).contains(r.key()), 2, Duration.ofSeconds(30)).stream()
                    .collect(Collectors.toMap(TopicReader.Received::key, Function.identity()));

            EventContracts contracts = new EventContracts(Path.of("../contracts"));
            for (TopicReader.Received snapshot : snapshots.values()) {
                assertEquals(List.of(), contracts.violations("agents.v1", SNAPSHOT, snapshot.value()), snapshot.value());
            }
            JsonPath liveBody = JsonPath.from(snapshots.get(live).value());
            assertEquals(sha256(token), liveBody.getString("tokenHash"));
            assertEquals("pending", liveBody.getString("agent.status"));
            assertTrue(snapshots.get(live).header("ce_audience").contains(org), "the organization's managers see it");
            assertEquals("deleted", JsonPath.from(snapshots.get(deleted).value()).getString("agent.status"));
            assertNotNull(JsonPath.from(snapshots.get(deleted).value()).get("agent.version"));
        }
    }

    @Test
    void sendingSnapshotsNeedsAToken() {
        given().when().post(SNAPSHOTS).then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void sendingSnapshotsIsForPlatformAdminsOnly() {
        TestAgents.Caller.user().request().when().post(SNAPSHOTS).then().statusCode(403)
                .contentType("application/problem+json");
        TestAgents.Caller.member(TestAgents.uniqueSlug("org"), "admin").request().when().post(SNAPSHOTS).then()
                .statusCode(403);
    }

    private static String sha256(String token) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    }
}
