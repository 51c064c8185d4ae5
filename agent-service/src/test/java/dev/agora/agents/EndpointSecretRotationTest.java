package dev.agora.agents;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agora.agents.TestAgents.Caller;
import dev.agora.common.crypto.SecretCipher;
import dev.agora.common.crypto.SecretPlace;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.LegacySecrets;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * After a key change (the old key moved to {@code previous-secret-keys}), {@code rotate-secrets} seals every endpoint
 * secret of agents and templates again under the new key, legacy ones included, so that the old key can be removed.
 */
@QuarkusTest
@TestProfile(EndpointSecretRotationTest.RotatedKey.class)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class EndpointSecretRotationTest {
    /** The test profile's usual key, which sealed what the other tests stored. */
    static final String OLD_KEY = "dGVzdC1vbmx5LWFnb3JhLWFnZW50cy1zZWNyZXRrZXk=";
    static final String NEW_KEY = Base64.getEncoder().encodeToString("rotated-agora-agents-key-32bytes".getBytes(
            StandardCharsets.US_ASCII));

    private final Caller alice = Caller.user();

    public static class RotatedKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("agora.agents.secret-key", NEW_KEY, "agora.agents.previous-secret-keys", OLD_KEY);
        }
    }

    @Test
    void rotateSecretsResealsAgentAndTemplateSecretsUnderTheNewKeySoTheOldKeyCanBeRemoved() {
        String agent = alice.request().body(AgentTypesTest.apiAgent(TestAgents.uniqueSlug("rotated"))).when()
                .post("/api/agents").then().statusCode(201).extract().path("id");
        String template = EndpointSecretPlacesTest.endpointTemplate(alice, false);
        SecretPlace agentPlace = new SecretPlace(alice.id(), UUID.fromString(agent), "endpoint");
        SecretPlace templatePlace = new SecretPlace(alice.id(), UUID.fromString(template), "defaultConfig.endpoint");
        // what the old key sealed: a value bound to its place, and legacy values
        String oldToken = SecretCipher.fromConfig("old", OLD_KEY, List.of()).seal("s3cr3t-token-value",
                agentPlace.child("authentication.config.token"));
        TestDatabase.execute("update agents set endpoint = jsonb_set(jsonb_set(endpoint, '{authentication,config,token}',"
                + " to_jsonb(cast(? as text))), '{headers,X-Api-Key}', to_jsonb(cast(? as text))) where id = ?",
                oldToken, LegacySecrets.sealV1(OLD_KEY, "header-secret-1"), UUID.fromString(agent));
        TestDatabase.execute("update agent_templates set default_config = jsonb_set(default_config,"
                + " '{endpoint,authentication,config,token}', to_jsonb(cast(? as text))) where id = ?",
                LegacySecrets.sealV1(OLD_KEY, "s3cr3t-token-value"), UUID.fromString(template));

        JsonNode rotated = admin().when().post("/api/agents/admin/rotate-secrets").then().statusCode(200)
                .body("keyId", equalTo(newKeyOnly().currentKeyId())).extract().as(JsonNode.class);
        assertTrue(rotated.get("valuesResealed").asLong() >= 3, rotated.toString());

        SecretCipher newKeyOnly = newKeyOnly();
        JsonNode agentEndpoint = EndpointSecretPlacesTest.storedEndpoint(agent);
        JsonNode templateEndpoint = EndpointSecretPlacesTest.storedTemplateEndpoint(template);
        for (String sealed : List.of(agentEndpoint.path("authentication").path("config").path("token").asText(),
                agentEndpoint.path("headers").path("X-Api-Key").asText(),
                templateEndpoint.path("authentication").path("config").path("token").asText(),
                templateEndpoint.path("headers").path("X-Api-Key").asText())) {
            assertTrue(sealed.startsWith("enc:v2:" + newKeyOnly.currentKeyId() + ":"), sealed);
        }
        assertEquals("s3cr3t-token-value", newKeyOnly.open(agentEndpoint.path("authentication").path("config")
                .path("token").asText(), agentPlace.child("authentication.config.token")));
        assertEquals("header-secret-1", newKeyOnly.open(agentEndpoint.path("headers").path("X-Api-Key").asText(),
                agentPlace.child("headers.X-Api-Key")));
        assertEquals("s3cr3t-token-value", newKeyOnly.open(templateEndpoint.path("authentication").path("config")
                .path("token").asText(), templatePlace.child("authentication.config.token")));
        alice.request().when().get("/api/agents/" + agent).then().statusCode(200)
                .body("endpoint.url", equalTo("https://hooks.example.com/run"))
                .body("endpoint.authentication.config.token", equalTo("********"));
        // the template still gives its creator's agents their secrets
        alice.request().body("{\"subdomain\":\"" + TestAgents.uniqueSlug("after") + "\"}")
                .when().post("/api/agents/from-template/" + template).then().statusCode(201);

        // a second run finds nothing left to seal
        admin().when().post("/api/agents/admin/rotate-secrets").then().statusCode(200).body("valuesResealed", equalTo(0));
    }

    private static io.restassured.specification.RequestSpecification admin() {
        return Caller.platformAdmin().request();
    }

    private static SecretCipher newKeyOnly() {
        return SecretCipher.fromConfig("new", NEW_KEY, List.of());
    }
}
