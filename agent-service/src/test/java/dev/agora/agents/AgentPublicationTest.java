package dev.agora.agents;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.agents.TestAgents.Caller;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Publication draft → published → archived with frozen versions, slug immutability, the public A2A card. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class AgentPublicationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TopicReader agentsTopic;

    private final Caller owner = Caller.user();

    @BeforeAll
    static void subscribe() {
        agentsTopic = TopicReader.of("agents.v1");
    }

    @AfterAll
    static void close() {
        agentsTopic.close();
    }

    static String createContextAgent(Caller owner, String slug) {
        return owner.request().body(AgentTypesTest.contextAgent(TestAgents.uniqueSlug("pub"))
                .replace("\"department\"", "\"slug\":\"" + slug + "\",\"tagline\":\"Writes posts\","
                        + "\"skills\":[{\"name\":\"SEO writing\",\"category\":\"Content\",\"level\":\"Advanced\"}],"
                        + "\"metadata\":{\"author\":\"Acme\",\"documentation_url\":\"https://docs.acme.dev\"},\"department\""))
                .when().post("/api/agents").then().statusCode(201).extract().path("id");
    }

    private JsonNode event(String id, String type) throws Exception {
        return JSON.readTree(agentsTopic.await(r -> id.equals(r.key()) && type.equals(r.header("ce_type")),
                Duration.ofSeconds(30)).value());
    }

    @Test
    void publishingFreezesAVersionThatLaterEditsDoNotChange() throws Exception {
        String slug = TestAgents.uniqueSlug("writer");
        String id = createContextAgent(owner, slug);
        assertTrue(event(id, "agora.agent.registered.v1").path("published").isNull(), "never published: null");

        owner.request().body("{\"changes\":\"Initial release\"}").when().post("/api/agents/" + id + "/publish")
                .then().statusCode(200)
                .body("publicationStatus", equalTo("published"))
                .body("publishedVersion", equalTo("1.0.0"))
                .body("publishedAt", notNullValue());
        JsonNode published = event(id, "agora.agent.published.v1");
        assertEquals("1.0.0", published.path("publishedVersion").asText());
        assertEquals("Initial release", published.path("changes").asText());
        assertEquals("Blog post writer", published.path("published").path("name").asText());
        assertEquals(published.path("agent").path("version").asLong(), published.path("published").path("version").asLong());

        // the working draft changes, the published version does not
        owner.request().body("{\"name\":\"Blog post writer v2\"}").when().patch("/api/agents/" + id)
                .then().statusCode(200).body("name", equalTo("Blog post writer v2")).body("publishedVersion", equalTo("1.0.0"));
        JsonNode updated = event(id, "agora.agent.updated.v1");
        assertEquals("Blog post writer v2", updated.path("agent").path("name").asText());
        assertEquals("Blog post writer", updated.path("published").path("name").asText());
        given().when().get("/api/agents/" + slug + "/card").then().statusCode(200).body("name", equalTo("Blog post writer"));

        owner.request().body("{\"slug\":\"" + slug + "-renamed\"}").when().patch("/api/agents/" + id)
                .then().statusCode(409).body("errors[0].field", equalTo("slug"));

        owner.request().when().post("/api/agents/" + id + "/publish").then().statusCode(200)
                .body("publishedVersion", equalTo("1.1.0"));
        given().when().get("/api/agents/" + slug + "/card").then().statusCode(200)
                .body("name", equalTo("Blog post writer v2")).body("version", equalTo("1.1.0"));
        owner.request().body("{\"version\":\"1.0.5\"}").when().post("/api/agents/" + id + "/publish")
                .then().statusCode(409).body("errors[0].field", equalTo("version"));
        owner.request().body("{\"version\":\"1.1.0\"}").when().post("/api/agents/" + id + "/publish").then().statusCode(409);
        owner.request().body("{\"version\":\"v2\"}").when().post("/api/agents/" + id + "/publish")
                .then().statusCode(400).body("errors[0].field", equalTo("version"));
        owner.request().body("{\"version\":\"2.0.0\",\"changes\":\"Rewritten\"}").when().post("/api/agents/" + id + "/publish")
                .then().statusCode(200).body("publishedVersion", equalTo("2.0.0"));

        owner.request().when().get("/api/agents/" + id + "/versions").then().statusCode(200)
                .body("version", contains("2.0.0", "1.1.0", "1.0.0"))
                .body("find { it.version == '1.0.0' }.snapshot.name", equalTo("Blog post writer"))
                .body("find { it.version == '1.0.0' }.changes", equalTo("Initial release"))
                .body("find { it.version == '1.0.0' }.publishedBy", equalTo(owner.id().toString()));
    }

    @Test
    void archivingWithdrawsTheAgentAndOnlyPublishedAgentsCanBeArchived() throws Exception {
        String slug = TestAgents.uniqueSlug("arch");
        String id = createContextAgent(owner, slug);
        owner.request().when().post("/api/agents/" + id + "/archive").then().statusCode(409)
                .contentType("application/problem+json");
        owner.request().when().post("/api/agents/" + id + "/publish").then().statusCode(200);
        owner.request().when().post("/api/agents/" + id + "/archive").then().statusCode(200)
                .body("publicationStatus", equalTo("archived")).body("publishedVersion", equalTo("1.0.0"));
        JsonNode archived = event(id, "agora.agent.archived.v1");
        assertTrue(archived.path("published").isNull(), "archived: nothing in the catalog");
        assertEquals("1.0.0", archived.path("archivedVersion").asText());
        owner.request().when().post("/api/agents/" + id + "/archive").then().statusCode(409);
        given().when().get("/api/agents/" + slug + "/card").then().statusCode(404);

        owner.request().when().post("/api/agents/" + id + "/publish").then().statusCode(200)
                .body("publicationStatus", equalTo("published")).body("publishedVersion", equalTo("1.1.0"));
        given().when().get("/api/agents/" + slug + "/card").then().statusCode(200);
    }

    @Test
    void servesThePublicA2aCardOfPublishedAgentsOnly() {
        String slug = TestAgents.uniqueSlug("card");
        String id = createContextAgent(owner, slug);
        given().when().get("/api/agents/" + slug + "/card").then().statusCode(404).contentType("application/problem+json");
        owner.request().when().post("/api/agents/" + id + "/publish").then().statusCode(200);

        given().when().get("/api/agents/" + slug + "/card").then().statusCode(200)
                .body("protocolVersion", equalTo("0.3.0"))
                .body("name", equalTo("Blog post writer"))
                .body("description", equalTo("Writes posts"))
                .body("version", equalTo("1.0.0"))
                .body("url", equalTo("http://localhost:8080/agents/" + slug))
                .body("provider.organization", equalTo("Acme"))
                .body("documentationUrl", equalTo("https://docs.acme.dev"))
                .body("capabilities.streaming", equalTo(false))
                .body("defaultInputModes", hasItem("application/json"))
                .body("defaultOutputModes", hasItem("application/json"))
                .body("skills[0].id", equalTo("seo-writing"))
                .body("skills[0].name", equalTo("SEO writing"))
                .body("skills[0].tags", contains("Content"));

        owner.request().when().delete("/api/agents/" + id).then().statusCode(204);
        given().when().get("/api/agents/" + slug + "/card").then().statusCode(404);
        given().when().get("/api/agents/no-such-agent/card").then().statusCode(404);
    }

    @Test
    void onlyManagersPublishAndArchive() {
        String org = TestAgents.uniqueSlug("pub-org");
        Caller creator = Caller.member(org, "admin");
        String id = creator.request().body(AgentTypesTest.contextAgent(TestAgents.uniqueSlug("org"))
                .replace("\"department\"", "\"organizationSlugs\":[\"" + org + "\"],\"department\""))
                .when().post("/api/agents").then().statusCode(201).extract().path("id");
        Caller viewer = Caller.member(org, "viewer");
        Caller manager = Caller.member(org, "agent_manager");
        viewer.request().when().post("/api/agents/" + id + "/publish").then().statusCode(403);
        viewer.request().when().get("/api/agents/" + id + "/versions").then().statusCode(200);
        Caller.user().request().when().post("/api/agents/" + id + "/publish").then().statusCode(404);
        Caller.user().request().when().get("/api/agents/" + id + "/versions").then().statusCode(404);
        given().when().post("/api/agents/" + id + "/publish").then().statusCode(401);
        manager.request().when().post("/api/agents/" + id + "/publish").then().statusCode(200);
        viewer.request().when().post("/api/agents/" + id + "/archive").then().statusCode(403);
        Caller.user().request().when().post("/api/agents/" + id + "/archive").then().statusCode(404);
        manager.request().when().post("/api/agents/" + id + "/archive").then().statusCode(200);
        given().when().get("/api/agents/" + id + "/versions").then().statusCode(401);
        viewer.request().when().get("/api/agents/" + id).then().statusCode(200)
                .body("publicationStatus", equalTo("archived")).body("publishedVersion", equalTo("1.0.0"))
                .body("publishedAt", notNullValue()).body("endpoint", nullValue());
    }
}
