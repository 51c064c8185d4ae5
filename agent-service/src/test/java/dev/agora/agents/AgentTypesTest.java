package dev.agora.agents;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.agents.TestAgents.Caller;
import dev.agora.agents.agent.service.EndpointSecrets;
import dev.agora.common.crypto.SecretPlace;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The agent types and their CHECK rules, the default of the original request, endpoint secrets. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class AgentTypesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String LLM = """
            {"provider":"anthropic","model":"claude-3-5-sonnet-20241022","parameters":{"temperature":0.7,"maxTokens":4000,"topP":1.0}}""";
    static final String ENDPOINT = """
            {"url":"https://hooks.example.com/run","method":"POST","headers":{"Content-Type":"application/json","X-Api-Key":"header-secret-1"},
             "authentication":{"type":"bearer","config":{"token":"s3cr3t-token-value","header":"Authorization"}}}""";
    private static TopicReader agentsTopic;

    @Inject
    EndpointSecrets secrets;

    private final Caller owner = Caller.user();

    @BeforeAll
    static void subscribe() {
        agentsTopic = TopicReader.of("agents.v1");
    }

    @AfterAll
    static void close() {
        agentsTopic.close();
    }

    static String contextAgent(String subdomain) {
        return """
                {"name":"Blog post writer","subdomain":"%s","type":"context","department":"marketing",
                 "context":"You write blog posts.","llmConfig":%s,"capabilities":["blog-writing","seo"]}
                """.formatted(subdomain, LLM);
    }

    static String apiAgent(String subdomain) {
        return """
                {"name":"Workflow wrapper","subdomain":"%s","type":"api","context":"Wraps an n8n workflow","endpoint":%s}
                """.formatted(subdomain, ENDPOINT);
    }

    @Test
    void theSeed000RequestRegistersARepositoryBackedApiDraftWithDerivedDefaults() {
        String subdomain = TestAgents.uniqueSlug("legacy");
        owner.request().body(AgentResourceTest.agentJson(subdomain)).when().post("/api/agents").then().statusCode(201)
                .body("type", equalTo("api"))
                .body("slug", equalTo(subdomain))
                .body("publicationStatus", equalTo("draft"))
                .body("availability", equalTo("available"))
                .body("verified", equalTo(false))
                .body("pricing.amount", equalTo(2500000))
                .body("pricing.asset", equalTo("microALGO"))
                .body("priceMicroalgo", equalTo(2500000))
                .body("endpoint", nullValue())
                .body("llmConfig", nullValue())
                .body("hasToken", equalTo(false))
                .body("repoName", equalTo("oracle"));
    }

    @Test
    void registersAContextAgentWithItsLlmConfigurationAndPrompt() {
        String id = owner.request().body(contextAgent(TestAgents.uniqueSlug("writer"))).when().post("/api/agents")
                .then().statusCode(201)
                .body("type", equalTo("context"))
                .body("llmConfig.provider", equalTo("anthropic"))
                .body("context", equalTo("You write blog posts."))
                .body("repoOwner", nullValue())
                .body("githubUrl", nullValue())
                .body("department", equalTo("marketing"))
                .body("capabilities", hasItems("blog-writing", "seo"))
                .extract().path("id");
        TopicReader.Received registered = agentsTopic.await(r -> id.equals(r.key())
                && "agora.agent.registered.v1".equals(r.header("ce_type")), Duration.ofSeconds(30));
        assertFalse(registered.value().contains("llmConfig"), "no LLM configuration in events");
        assertFalse(registered.value().contains("You write blog posts."), "no prompt in events");
    }

    @Test
    void enforcesTheContextAgentRules() {
        String withoutLlm = contextAgent(TestAgents.uniqueSlug("c")).replace("\"llmConfig\":" + LLM + ",", "");
        owner.request().body(withoutLlm).when().post("/api/agents").then().statusCode(400)
                .body("errors.field", hasItem("llmConfig"));
        String withoutPrompt = contextAgent(TestAgents.uniqueSlug("c")).replace("\"context\":\"You write blog posts.\",", "");
        owner.request().body(withoutPrompt).when().post("/api/agents").then().statusCode(400)
                .body("errors.field", hasItem("context"));
        String withEndpoint = contextAgent(TestAgents.uniqueSlug("c")).replace("\"department\"", "\"endpoint\":" + ENDPOINT + ",\"department\"");
        owner.request().body(withEndpoint).when().post("/api/agents").then().statusCode(400)
                .body("errors.field", hasItem("endpoint"));
        String badParameters = contextAgent(TestAgents.uniqueSlug("c")).replace("\"temperature\":0.7", "\"temperature\":2.5")
                .replace("\"maxTokens\":4000", "\"maxTokens\":0").replace("\"topP\":1.0", "\"topP\":1.5")
                .replace("anthropic", "acme-llm");
        owner.request().body(badParameters).when().post("/api/agents").then().statusCode(400)
                .body("errors.field", hasItems("llmConfig.provider", "llmConfig.parameters.temperature",
                        "llmConfig.parameters.maxTokens", "llmConfig.parameters.topP"));
    }

    @Test
    void enforcesTheApiAndExternalAgentRules() {
        String apiWithoutEndpoint = """
                {"name":"No way in","subdomain":"%s","type":"api"}""".formatted(TestAgents.uniqueSlug("a"));
        owner.request().body(apiWithoutEndpoint).when().post("/api/agents").then().statusCode(400)
                .body("errors.field", hasItem("endpoint"));
        String externalWithRepoOnly = """
                {"name":"Remote","subdomain":"%s","type":"external","repoOwner":"acme","repoName":"remote",
                 "githubUrl":"https://github.com/acme/remote"}""".formatted(TestAgents.uniqueSlug("e"));
        owner.request().body(externalWithRepoOnly).when().post("/api/agents").then().statusCode(400)
                .body("errors.field", hasItem("endpoint"));
        String apiWithLlm = apiAgent(TestAgents.uniqueSlug("a")).replace("\"endpoint\"", "\"llmConfig\":" + LLM + ",\"endpoint\"");
        owner.request().body(apiWithLlm).when().post("/api/agents").then().statusCode(400)
                .body("errors.field", hasItem("llmConfig"));
        String badEndpoint = apiAgent(TestAgents.uniqueSlug("a")).replace("https://hooks.example.com/run", "ftp://hooks")
                .replace("\"bearer\"", "\"magic\"").replace("\"POST\"", "\"FETCH\"");
        owner.request().body(badEndpoint).when().post("/api/agents").then().statusCode(400)
                .body("errors.field", hasItems("endpoint.url", "endpoint.authentication.type", "endpoint.method"));
        String external = apiAgent(TestAgents.uniqueSlug("e")).replace("\"type\":\"api\"", "\"type\":\"external\"");
        owner.request().body(external).when().post("/api/agents").then().statusCode(201).body("type", equalTo("external"));
        owner.request().body("{\"name\":\"Typo\",\"subdomain\":\"%s\",\"type\":\"robot\"}".formatted(TestAgents.uniqueSlug("t")))
                .when().post("/api/agents").then().statusCode(400).body("errors.field", hasItem("type"));
    }

    @Test
    void encryptsEndpointSecretsAtRestMasksThemInResponsesAndKeepsThemOutOfEvents() throws Exception {
        String id = owner.request().body(apiAgent(TestAgents.uniqueSlug("secret"))).when().post("/api/agents")
                .then().statusCode(201)
                .body("endpoint.url", equalTo("https://hooks.example.com/run"))
                .body("endpoint.authentication.config.token", equalTo(EndpointSecrets.MASK))
                .body("endpoint.authentication.config.header", equalTo("Authorization"))
                .body("endpoint.headers.X-Api-Key", equalTo(EndpointSecrets.MASK))
                .body("endpoint.headers.Content-Type", equalTo("application/json"))
                .extract().path("id");

        String stored = storedEndpoint(id);
        assertFalse(stored.contains("s3cr3t-token-value"), stored);
        assertFalse(stored.contains("header-secret-1"), stored);
        JsonNode sealed = JSON.readTree(stored);
        String token = sealed.path("authentication").path("config").path("token").asText();
        assertTrue(token.startsWith("enc:v2:"), token);
        SecretPlace place = new SecretPlace(owner.id(), UUID.fromString(id), "endpoint");
        assertEquals("s3cr3t-token-value", secrets.open(sealed, place).path("authentication").path("config").path("token")
                .asText());

        owner.request().when().get("/api/agents/" + id).then().statusCode(200)
                .body("endpoint.authentication.config.token", equalTo(EndpointSecrets.MASK));
        owner.request().when().get("/api/agents").then().statusCode(200)
                .body(not(containsString("s3cr3t-token-value")));

        // sending the masked endpoint back with the same URL keeps the stored secret
        String edited = ENDPOINT.replace("s3cr3t-token-value", EndpointSecrets.MASK).replace("header-secret-1", EndpointSecrets.MASK)
                .replace("\"POST\"", "\"PUT\"");
        owner.request().body("{\"endpoint\":" + edited + "}").when().patch("/api/agents/" + id).then().statusCode(200)
                .body("endpoint.method", equalTo("PUT"));
        JsonNode after = secrets.open(JSON.readTree(storedEndpoint(id)), place);
        assertEquals("s3cr3t-token-value", after.path("authentication").path("config").path("token").asText());
        assertEquals("header-secret-1", after.path("headers").path("X-Api-Key").asText());

        TopicReader.Received updated = agentsTopic.await(r -> id.equals(r.key())
                && "agora.agent.updated.v1".equals(r.header("ce_type")), Duration.ofSeconds(30));
        assertEquals("[\"endpoint\"]", JSON.readTree(updated.value()).path("changedFields").toString());
        for (TopicReader.Received event : agentsTopic.awaitCount(r -> id.equals(r.key()), 2, Duration.ofSeconds(30))) {
            assertFalse(event.value().contains("s3cr3t"), event.value());
            assertFalse(event.value().contains("enc:"), event.value());
            assertFalse(JSON.readTree(event.value()).path("agent").has("endpoint"), event.value());
        }
    }

    private static String storedEndpoint(String id) {
        return TestDatabase.query("select endpoint::text from agents where id = ?", UUID.fromString(id),
                rows -> rows.next() ? rows.getString(1) : null);
    }

    @Test
    void changingTheTypeDropsWhatTheNewTypeForbids() {
        String id = owner.request().body(contextAgent(TestAgents.uniqueSlug("switch"))).when().post("/api/agents")
                .then().statusCode(201).extract().path("id");
        owner.request().body("{\"type\":\"api\"}").when().patch("/api/agents/" + id).then().statusCode(400)
                .body("errors.field", hasItem("endpoint"));
        owner.request().body("{\"type\":\"api\",\"endpoint\":" + ENDPOINT + "}").when().patch("/api/agents/" + id)
                .then().statusCode(200).body("type", equalTo("api")).body("llmConfig", nullValue())
                .body("endpoint.url", equalTo("https://hooks.example.com/run"));
        owner.request().body("{\"type\":\"context\",\"llmConfig\":" + LLM + "}").when().patch("/api/agents/" + id)
                .then().statusCode(200).body("type", equalTo("context")).body("endpoint", nullValue());
    }
}
