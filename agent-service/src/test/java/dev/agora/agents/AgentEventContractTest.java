package dev.agora.agents;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.common.events.Audience;
import dev.agora.testsupport.EventContracts;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestTokens;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class AgentEventContractTest {
    private static final List<String> TYPES = List.of("agora.agent.registered.v1", "agora.agent.updated.v1",
            "agora.agent.status-changed.v1", "agora.agent.published.v1", "agora.agent.token-rotated.v1",
            "agora.agent.verified.v1", "agora.agent.archived.v1", "agora.agent.deleted.v1");

    /** Fields only the owner and the agent's organizations may see. */
    private static final List<String> PRIVATE_FIELDS = List.of("ownerId", "organizationSlugs", "department", "metadata",
            "deploymentConfig", "dataInput");

    @Test
    void everyPublishedAgentEventConformsToItsContractAndCarriesItsAudience() throws Exception {
        String org = TestAgents.uniqueSlug("org");
        TestAgents.Caller creator = TestAgents.Caller.member(org, "admin");
        UUID owner = creator.id();
        String id = TestAgents.create(creator, List.of(org));
        as(owner).body("{\"metadata\":{\"internal\":\"cost center 7\"},\"deploymentConfig\":{\"replicas\":2}}")
                .when().patch("/api/agents/" + id).then().statusCode(200);
        as(owner).body("{\"status\":\"failed\"}").when().put("/api/agents/" + id + "/status").then().statusCode(200);
        as(owner).body("{\"changes\":\"first\"}").when().post("/api/agents/" + id + "/publish").then().statusCode(200);
        as(owner).when().post("/api/agents/" + id + "/token").then().statusCode(200);
        given().auth().oauth2(TestTokens.forUser(UUID.randomUUID(), List.of("admin"), java.util.Map.of()))
                .contentType(ContentType.JSON).body("{\"verified\":true}")
                .when().put("/api/agents/" + id + "/verified").then().statusCode(200);
        as(owner).when().post("/api/agents/" + id + "/archive").then().statusCode(200);
        as(owner).when().delete("/api/agents/" + id).then().statusCode(204);

        EventContracts contracts = new EventContracts(Path.of("../contracts"));
        try (TopicReader reader = TopicReader.of("agents.v1")) {
            List<TopicReader.Received> events = reader.awaitCount(r -> id.equals(r.key()), TYPES.size(), Duration.ofSeconds(20));
            assertEquals(TYPES, events.stream().map(e -> e.header("ce_type")).toList(), "published in order");
            UUID stranger = UUID.randomUUID();
            for (TopicReader.Received event : events) {
                String type = event.header("ce_type");
                assertEquals(List.of(), contracts.violations("agents.v1", type, event.value()), type + " " + event.value());
                assertTrue(event.value().contains("\"published\""), "every event carries published: " + event.value());
                Audience audience = Audience.fromJson(event.header(Audience.HEADER));
                if ("agora.agent.published.v1".equals(type)) {
                    assertTrue(audience.isPublic(), type + " is public");
                    JsonNode body = JSON.readTree(event.value());
                    for (String field : PRIVATE_FIELDS) {
                        assertTrue(body.findValues(field).isEmpty(), type + " carries no " + field + ": " + body);
                    }
                    assertFalse(event.value().contains(owner.toString()), "the owner's id appears nowhere: " + body);
                    assertFalse(event.value().contains("cost center 7"), "nor the metadata");
                    continue;
                }
                assertTrue(audience.admits(owner, Map.of()), type + ": the owner");
                assertFalse(audience.admits(stranger, Map.of()), type + ": not a stranger");
                assertFalse(audience.admits(stranger, Map.of("other-org", "admin")), type + ": not another org's admin");
                assertTrue(audience.admits(stranger, Map.of(org, "agent_manager")), type + ": the org's managers");
                boolean viewerSees = !"agora.agent.token-rotated.v1".equals(type);
                assertEquals(viewerSees, audience.admits(stranger, Map.of(org, "viewer")),
                        type + ": the org's viewers read the agent, but not its token's hash");
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static RequestSpecification as(UUID user) {
        return given().auth().oauth2(TestTokens.forUser(user)).contentType(ContentType.JSON);
    }
}
