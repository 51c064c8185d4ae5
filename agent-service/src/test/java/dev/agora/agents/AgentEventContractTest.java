package dev.agora.agents;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

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

    /**
     * An organization's agent taken through every event of its life, by its owner (an admin of {@code org}): its
     * private metadata ({@code "cost center 7"}) and deployment config set before it is published.
     */
    record AgentLife(String org, UUID owner, List<TopicReader.Received> events) {
        static AgentLife live() {
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

            try (TopicReader reader = TopicReader.of("agents.v1")) {
                List<TopicReader.Received> events = reader.awaitCount(r -> id.equals(r.key()), TYPES.size(),
                        Duration.ofSeconds(20));
                assertEquals(TYPES, events.stream().map(e -> e.header("ce_type")).toList(), "published in order");
                return new AgentLife(org, owner, events);
            }
        }
    }

    @Test
    void everyPublishedAgentEventConformsToItsContract() {
        EventContracts contracts = new EventContracts(Path.of("../contracts"));
        for (TopicReader.Received event : AgentLife.live().events()) {
            String type = event.header("ce_type");
            assertEquals(List.of(), contracts.violations("agents.v1", type, event.value()), type + " " + event.value());
            assertTrue(event.value().contains("\"published\""), "every event carries published: " + event.value());
        }
    }

    private static RequestSpecification as(UUID user) {
        return given().auth().oauth2(TestTokens.forUser(user)).contentType(ContentType.JSON);
    }
}
