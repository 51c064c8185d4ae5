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

    @Test
    void everyPublishedAgentEventConformsToItsContract() {
        UUID owner = UUID.randomUUID();
        String id = as(owner).body(AgentResourceTest.agentJson("contract-" + UUID.randomUUID().toString().substring(0, 8)))
                .when().post("/api/agents").then().statusCode(201).extract().path("id");
        as(owner).body("{\"description\":\"now with contracts\"}").when().patch("/api/agents/" + id).then().statusCode(200);
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
            for (TopicReader.Received event : events) {
                assertEquals(List.of(), contracts.violations("agents.v1", event.header("ce_type"), event.value()),
                        event.header("ce_type") + " " + event.value());
                assertTrue(event.value().contains("\"published\""), "every event carries published: " + event.value());
            }
        }
    }

    private static RequestSpecification as(UUID user) {
        return given().auth().oauth2(TestTokens.forUser(user)).contentType(ContentType.JSON);
    }
}
