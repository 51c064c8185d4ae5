package dev.agora.agents;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import dev.agora.agents.TestAgents.Caller;
import dev.agora.agents.agent.service.EndpointSecrets;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Agent templates: CRUD, private ones visible to their creator only, agents created from them. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class AgentTemplateTest {
    private final Caller creator = Caller.user();
    private final Caller other = Caller.user();

    private static String contextTemplate(String name, boolean isPublic) {
        return """
                {"name":"%s","description":"Writes blog posts","type":"context","isPublic":%s,
                 "defaultConfig":{"context":"You write blog posts.","llmConfig":%s,"category":"Content Creation",
                  "tags":["blog"],"capabilities":["blog-writing"]}}
                """.formatted(name, isPublic, AgentTypesTest.LLM);
    }

    private String create(Caller caller, String body) {
        return caller.request().body(body).when().post("/api/agents/templates").then().log().ifValidationFails()
                .statusCode(201).extract().path("id");
    }

    @Test
    void createsReadsReplacesListsAndDeletesTemplates() {
        String id = create(creator, contextTemplate("Blog writer", false));
        creator.request().when().get("/api/agents/templates/" + id).then().statusCode(200)
                .body("name", equalTo("Blog writer")).body("type", equalTo("context"))
                .body("isPublic", equalTo(false)).body("createdBy", equalTo(creator.id().toString()))
                .body("defaultConfig.llmConfig.provider", equalTo("anthropic"));
        creator.request().body(contextTemplate("Blog writer 2", true)).when().put("/api/agents/templates/" + id)
                .then().statusCode(200).body("name", equalTo("Blog writer 2")).body("isPublic", equalTo(true));
        creator.request().queryParam("owner", "me").when().get("/api/agents/templates").then().statusCode(200)
                .body("id", contains(id));
        creator.request().queryParam("type", "api").queryParam("owner", "me").when().get("/api/agents/templates")
                .then().statusCode(200).body("id", not(hasItem(id)));
        creator.request().when().delete("/api/agents/templates/" + id).then().statusCode(204);
        creator.request().when().get("/api/agents/templates/" + id).then().statusCode(404);
    }

    @Test
    void privateTemplatesAreVisibleToTheirCreatorOnly() {
        String secret = create(creator, contextTemplate("Private", false));
        String shared = create(creator, contextTemplate("Shared", true));
        other.request().when().get("/api/agents/templates/" + secret).then().statusCode(404);
        other.request().when().get("/api/agents/templates").then().statusCode(200)
                .body("id", hasItem(shared)).body("id", not(hasItem(secret)));
        other.request().when().get("/api/agents/templates/" + shared).then().statusCode(200);
        other.request().body(contextTemplate("Mine now", true)).when().put("/api/agents/templates/" + shared).then().statusCode(403);
        other.request().when().delete("/api/agents/templates/" + shared).then().statusCode(403);
        other.request().when().delete("/api/agents/templates/" + secret).then().statusCode(404);
        other.request().body("{\"subdomain\":\"" + TestAgents.uniqueSlug("x") + "\"}")
                .when().post("/api/agents/from-template/" + secret).then().statusCode(404);
        given().when().get("/api/agents/templates").then().statusCode(401);
        given().contentType("application/json").body(contextTemplate("Anon", true)).when().post("/api/agents/templates")
                .then().statusCode(401);
    }

    @Test
    void rejectsInvalidTemplates() {
        creator.request().body("{\"name\":\"\",\"type\":\"robot\",\"defaultConfig\":[1]}").when().post("/api/agents/templates")
                .then().statusCode(400).body("errors.field", hasItems("name", "type"));
        creator.request().body("{\"name\":\"x\",\"type\":\"api\",\"defaultConfig\":[1]}").when().post("/api/agents/templates")
                .then().statusCode(400).body("errors.field", hasItem("defaultConfig"));
        creator.request().body("{\"name\":\"x\",\"type\":\"api\",\"defaultConfig\":{\"type\":\"context\"}}")
                .when().post("/api/agents/templates").then().statusCode(400).body("errors.field", hasItem("defaultConfig.type"));
        creator.request().queryParam("type", "robot").when().get("/api/agents/templates").then().statusCode(400)
                .body("errors[0].field", equalTo("type"));
    }

    @Test
    void createsADraftAgentFromATemplateWithTheRequestOverridingIt() {
        String template = create(creator, contextTemplate("Blog writer", true));
        String subdomain = TestAgents.uniqueSlug("from-tpl");
        String agent = other.request().body("{\"subdomain\":\"" + subdomain + "\",\"tags\":[\"mine\"]}")
                .when().post("/api/agents/from-template/" + template).then().statusCode(201)
                .body("name", equalTo("Blog writer"))
                .body("description", equalTo("Writes blog posts"))
                .body("type", equalTo("context"))
                .body("context", equalTo("You write blog posts."))
                .body("category", equalTo("Content Creation"))
                .body("tags", contains("mine"))
                .body("capabilities", contains("blog-writing"))
                .body("publicationStatus", equalTo("draft"))
                .body("ownerId", equalTo(other.id().toString()))
                .extract().path("id");
        other.request().when().get("/api/agents/" + agent).then().statusCode(200).body("slug", equalTo(subdomain));

        other.request().body("{}").when().post("/api/agents/from-template/" + template).then().statusCode(400)
                .body("errors.field", hasItem("subdomain"));
        other.request().body("{\"subdomain\":\"" + TestAgents.uniqueSlug("t") + "\",\"priceMicroalgo\":\"lots\"}")
                .when().post("/api/agents/from-template/" + template).then().statusCode(400)
                .body("errors.field", hasItem("priceMicroalgo"));
        other.request().body("{\"subdomain\":\"" + TestAgents.uniqueSlug("t") + "\",\"llmConfig\":{\"provider\":\"nope\",\"model\":\"m\"}}")
                .when().post("/api/agents/from-template/" + template).then().statusCode(400)
                .body("errors.field", hasItem("llmConfig.provider"));
        other.request().body("{\"subdomain\":\"x-" + TestAgents.uniqueSlug("t") + "\"}")
                .when().post("/api/agents/from-template/" + java.util.UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void keepsEndpointSecretsOfTemplatesEncryptedAndMasked() {
        String body = """
                {"name":"Webhook","type":"api","isPublic":true,"defaultConfig":{"endpoint":%s}}""".formatted(AgentTypesTest.ENDPOINT);
        String template = create(creator, body);
        other.request().when().get("/api/agents/templates/" + template).then().statusCode(200)
                .body("defaultConfig.endpoint.authentication.config.token", equalTo(EndpointSecrets.MASK))
                .body("defaultConfig.endpoint.url", equalTo("https://hooks.example.com/run"));
        creator.request().body("{\"subdomain\":\"" + TestAgents.uniqueSlug("hook") + "\"}")
                .when().post("/api/agents/from-template/" + template).then().statusCode(201)
                .body("type", equalTo("api")).body("llmConfig", nullValue())
                .body("endpoint.authentication.config.token", equalTo(EndpointSecrets.MASK));
    }
}
