package dev.agora.agents;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.agents.TestAgents.Caller;
import dev.agora.agents.agent.service.EndpointSecrets;
import dev.agora.common.crypto.SecretPlace;
import dev.agora.common.crypto.UnreadableSecretException;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.LegacySecrets;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * An endpoint secret belongs to one place (owner, agent or template, field): callers can never hand in a sealed value,
 * a masked secret never follows a new URL, and a template never gives its creator's secrets to someone else's agent
 * (those three replayed in {@link AgentServiceSecurityTest}). Here: ciphertext moved in the database, the template
 * creator's own agents, legacy values.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class EndpointSecretPlacesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String MASKED_ENDPOINT = AgentTypesTest.ENDPOINT.replace("s3cr3t-token-value", "********")
            .replace("header-secret-1", "********");

    @Inject
    EndpointSecrets secrets;

    private final Caller alice = Caller.user();
    private final Caller bob = Caller.user();

    static String apiAgent(Caller caller) {
        return caller.request().body(AgentTypesTest.apiAgent(TestAgents.uniqueSlug("sealed"))).when().post("/api/agents")
                .then().statusCode(201).extract().path("id");
    }

    @Test
    void ciphertextMovedToAnotherAgentFailsToOpen() {
        String alices = apiAgent(alice);
        String alicesOther = apiAgent(alice);
        String bobs = apiAgent(bob);
        String token = storedEndpoint(alices).path("authentication").path("config").path("token").asText();
        for (String target : List.of(bobs, alicesOther)) {
            TestDatabase.execute("update agents set endpoint = jsonb_set(endpoint, '{authentication,config,token}',"
                    + " to_jsonb(cast(? as text))) where id = ?", token, UUID.fromString(target));
        }
        UnreadableSecretException toBob = assertThrows(UnreadableSecretException.class,
                () -> secrets.open(storedEndpoint(bobs), new SecretPlace(bob.id(), UUID.fromString(bobs), "endpoint")));
        assertTrue(toBob.getMessage().contains("endpoint.authentication.config.token"), toBob.getMessage());
        assertThrows(UnreadableSecretException.class, () -> secrets.open(storedEndpoint(alicesOther),
                new SecretPlace(alice.id(), UUID.fromString(alicesOther), "endpoint")));
        // where it was sealed it still opens
        assertEquals("s3cr3t-token-value", secrets.open(storedEndpoint(alices),
                new SecretPlace(alice.id(), UUID.fromString(alices), "endpoint")).path("authentication").path("config")
                .path("token").asText());
    }

    @Test
    void theTemplateCreatorsOwnAgentGetsTheTemplatesSecretsSealedAgainForTheAgent() {
        String template = endpointTemplate(alice, true);
        String agent = alice.request().body("{\"subdomain\":\"" + TestAgents.uniqueSlug("mine") + "\"}")
                .when().post("/api/agents/from-template/" + template).then().statusCode(201)
                .body("endpoint.authentication.config.token", equalTo(EndpointSecrets.MASK)).extract().path("id");
        JsonNode stored = storedEndpoint(agent);
        assertNotEquals(storedTemplateEndpoint(template).path("headers").get("X-Api-Key"), stored.path("headers").get("X-Api-Key"));
        JsonNode opened = secrets.open(stored, new SecretPlace(alice.id(), UUID.fromString(agent), "endpoint"));
        assertEquals("s3cr3t-token-value", opened.path("authentication").path("config").path("token").asText());
        assertEquals("header-secret-1", opened.path("headers").path("X-Api-Key").asText());
    }

    @Test
    void legacyV1EndpointSecretsStillOpenUntilRotated() {
        String key = ConfigProvider.getConfig().getValue("agora.agents.secret-key", String.class);
        String id = apiAgent(alice);
        String legacy = LegacySecrets.sealV1(key, "legacy-token");
        TestDatabase.execute("update agents set endpoint = jsonb_set(endpoint, '{authentication,config,token}',"
                + " to_jsonb(cast(? as text))) where id = ?", legacy, UUID.fromString(id));
        SecretPlace place = new SecretPlace(alice.id(), UUID.fromString(id), "endpoint");
        assertEquals("legacy-token", secrets.open(storedEndpoint(id), place).path("authentication").path("config")
                .path("token").asText());
        // kept as it is when sent back masked with the same URL
        alice.request().body("{\"endpoint\":" + MASKED_ENDPOINT.replace("\"POST\"", "\"PATCH\"") + "}")
                .when().patch("/api/agents/" + id).then().statusCode(200)
                .body("endpoint.authentication.config.token", equalTo(EndpointSecrets.MASK));
        assertEquals(legacy, storedEndpoint(id).path("authentication").path("config").path("token").asText());
    }

    /** A template of an api agent whose default endpoint holds secrets (AgentTypesTest.ENDPOINT). */
    static String endpointTemplate(Caller creator, boolean isPublic) {
        return creator.request().body("""
                {"name":"Webhook","type":"api","isPublic":%s,"defaultConfig":{"endpoint":%s}}"""
                .formatted(isPublic, AgentTypesTest.ENDPOINT)).when().post("/api/agents/templates").then().statusCode(201)
                .extract().path("id");
    }

    static JsonNode storedEndpoint(String agentId) {
        return readJson("select endpoint::text from agents where id = ?", UUID.fromString(agentId));
    }

    static JsonNode storedTemplateEndpoint(String templateId) {
        return readJson("select (default_config -> 'endpoint')::text from agent_templates where id = ?",
                UUID.fromString(templateId));
    }

    private static JsonNode readJson(String sql, UUID id) {
        return TestDatabase.query(sql, id, rows -> {
            try {
                return rows.next() ? JSON.readTree(rows.getString(1)) : null;
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
