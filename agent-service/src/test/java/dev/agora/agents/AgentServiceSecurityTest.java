package dev.agora.agents;

import static dev.agora.agents.AgentPublicationTest.createContextAgent;
import static dev.agora.agents.EndpointSecretPlacesTest.MASKED_ENDPOINT;
import static dev.agora.agents.EndpointSecretPlacesTest.apiAgent;
import static dev.agora.agents.EndpointSecretPlacesTest.endpointTemplate;
import static dev.agora.agents.EndpointSecretPlacesTest.storedEndpoint;
import static dev.agora.agents.EndpointSecretPlacesTest.storedTemplateEndpoint;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.agents.AgentEventContractTest.AgentLife;
import dev.agora.agents.TestAgents.Caller;
import dev.agora.common.events.Audience;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.ManagementInterface;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.ServiceSessionRevocationTest;
import dev.agora.testsupport.TestTokens;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * agent-service's security holes, each replayed here so that this class fails if one reopens (edge and detail cases
 * stay with the tests of their feature):
 * <ol type="a">
 * <li>Tokens of sessions the gateway ended are refused here too (inherited from {@link ServiceSessionRevocationTest},
 * on the caller's agents).</li>
 * <li>An endpoint secret is sealed to its place (owner, agent or template, field): a sealed value ({@code enc:...},
 * another user's ciphertext) handed in as an endpoint secret is refused, never opened; a public template never gives
 * its creator's secrets to another user's agent; an endpoint sent back with the masked secrets ({@code ********}) but
 * a new URL keeps nothing: every secret has to be sent again.</li>
 * <li>Events carry only what their audience may see: {@code agora.agent.published.v1} is public and carries public
 * fields only (no owner id, deployment config, metadata, ...); every other agent event is seen by the owner and the
 * organization's readers only (the token's hash not even by its viewers).</li>
 * <li>A user whose email address is not verified cannot publish an agent (403, problem type
 * {@code email-not-verified}).</li>
 * <li>Sealing every endpoint secret again under the current key ({@code rotate-secrets}) is for platform admins
 * only.</li>
 * </ol>
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class AgentServiceSecurityTest extends ServiceSessionRevocationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Fields only the owner and the agent's organizations may see. */
    private static final List<String> PRIVATE_FIELDS = List.of("ownerId", "organizationSlugs", "department", "metadata",
            "deploymentConfig", "dataInput");

    private final Caller alice = Caller.user();
    private final Caller bob = Caller.user();

    // --- (a) ended sessions: the inherited tests, on this route

    @Override
    protected String signedInRoute() {
        return "/api/agents";
    }

    // --- (b) endpoint secrets sealed to their place

    @Test
    void aSealedValueSentInAnEndpointIsRefusedNamingTheField() {
        String sealed = storedEndpoint(apiAgent(alice)).path("authentication").path("config").path("token").asText();
        String borrowed = AgentTypesTest.apiAgent(TestAgents.uniqueSlug("borrowed"))
                .replace("s3cr3t-token-value", sealed).replace("header-secret-1", "enc:v2:0badc0de:AAAA");
        bob.request().body(borrowed).when().post("/api/agents").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("endpoint.authentication.config.token", "endpoint.headers.X-Api-Key"));

        String bobs = apiAgent(bob);
        JsonNode before = storedEndpoint(bobs);
        bob.request().body("{\"endpoint\":" + AgentTypesTest.ENDPOINT.replace("s3cr3t-token-value", sealed) + "}")
                .when().patch("/api/agents/" + bobs).then().statusCode(400)
                .body("errors.field", hasItems("endpoint.authentication.config.token"));
        assertEquals(before, storedEndpoint(bobs), "a refused change wrote something");
    }

    @Test
    void aTemplateOwnedBySomeoneElseNeverGivesItsSecretsToAnotherUsersAgent() {
        String template = endpointTemplate(alice, true);
        JsonNode templateEndpoint = storedTemplateEndpoint(template);

        bob.request().body("{\"subdomain\":\"" + TestAgents.uniqueSlug("tpl") + "\"}")
                .when().post("/api/agents/from-template/" + template).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("endpoint.authentication.config.token", "endpoint.headers.X-Api-Key"));
        bob.request().body("{\"subdomain\":\"" + TestAgents.uniqueSlug("tpl") + "\",\"endpoint\":" + MASKED_ENDPOINT + "}")
                .when().post("/api/agents/from-template/" + template).then().statusCode(400)
                .body("errors.field", hasItems("endpoint.authentication.config.token", "endpoint.headers.X-Api-Key"));

        String bobs = bob.request().body("{\"subdomain\":\"" + TestAgents.uniqueSlug("tpl") + "\",\"endpoint\":"
                + AgentTypesTest.ENDPOINT.replace("s3cr3t-token-value", "bobs-token") + "}")
                .when().post("/api/agents/from-template/" + template).then().statusCode(201).extract().path("id");
        String stored = storedEndpoint(bobs).toString();
        assertFalse(stored.contains(templateEndpoint.path("authentication").path("config").path("token").asText()), stored);
        assertFalse(stored.contains(templateEndpoint.path("headers").path("X-Api-Key").asText()), stored);
    }

    @Test
    void changingTheEndpointUrlWithTheMaskIsRefusedNamingEachSecretAndWritesNothing() {
        String id = apiAgent(alice);
        JsonNode before = storedEndpoint(id);
        alice.request().body("{\"endpoint\":" + MASKED_ENDPOINT.replace("/run", "/elsewhere") + "}")
                .when().patch("/api/agents/" + id).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("endpoint.authentication.config.token", "endpoint.headers.X-Api-Key"));
        assertEquals(before, storedEndpoint(id), "a refused change wrote something");

        // the same URL with the masks keeps the secrets as they are stored
        alice.request().body("{\"endpoint\":" + MASKED_ENDPOINT.replace("\"POST\"", "\"PUT\"") + "}")
                .when().patch("/api/agents/" + id).then().statusCode(200);
        JsonNode kept = storedEndpoint(id);
        assertEquals("PUT", kept.path("method").asText());
        assertEquals(before.path("headers"), kept.path("headers"));
        assertEquals(before.path("authentication"), kept.path("authentication"));
    }

    // --- (c) events carry only what their audience may see

    @Test
    void thePublishedEventCarriesOnlyPublicFieldsAndEveryOtherEventOnlyTheOwnerAndTheOrganizationsReaders()
            throws Exception {
        AgentLife life = AgentLife.live();
        UUID owner = life.owner();
        String org = life.org();
        UUID stranger = UUID.randomUUID();
        for (TopicReader.Received event : life.events()) {
            String type = event.header("ce_type");
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

    // --- (d) verified addresses only publish

    @Test
    void anOwnerWhoseEmailIsNotVerifiedCannotPublishUntilItIs() {
        Caller owner = Caller.user();
        String id = createContextAgent(owner, TestAgents.uniqueSlug("unverified"));

        given().auth().oauth2(TestTokens.forUnverifiedUser(owner.id())).contentType("application/json")
                .body("{\"changes\":\"Initial release\"}").when().post("/api/agents/" + id + "/publish")
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://agora.dev/problems/email-not-verified"))
                .body("detail", startsWith("verify your email address first"));
        owner.request().when().get("/api/agents/" + id).then().statusCode(200).body("publishedVersion", nullValue());

        owner.request().body("{\"changes\":\"Initial release\"}").when().post("/api/agents/" + id + "/publish")
                .then().statusCode(200).body("publicationStatus", equalTo("published"));
    }

    // --- (e) rotating the secrets' key is for platform admins

    @Test
    void rotateSecretsIsForPlatformAdminsOnlyAndDocumented() {
        given().when().post("/api/agents/admin/rotate-secrets").then().statusCode(401);
        alice.request().when().post("/api/agents/admin/rotate-secrets").then().statusCode(403)
                .contentType("application/problem+json");
        ManagementInterface.given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("\"/api/agents/admin/rotate-secrets\""));
    }
}
