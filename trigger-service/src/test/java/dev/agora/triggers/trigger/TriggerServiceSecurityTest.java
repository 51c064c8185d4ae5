package dev.agora.triggers.trigger;

import static dev.agora.triggers.TestChain.as;
import static dev.agora.triggers.TestChain.newChainId;
import static dev.agora.triggers.delivery.Deliveries.awaitResults;
import static dev.agora.triggers.delivery.Deliveries.fire;
import static dev.agora.triggers.delivery.Deliveries.trigger;
import static dev.agora.triggers.delivery.SecretPlacesTest.storedConfigs;
import static dev.agora.triggers.platform.PlatformTriggerTest.agentAudience;
import static dev.agora.triggers.platform.PlatformTriggerTest.deploymentFailed;
import static dev.agora.triggers.platform.PlatformTriggerTest.firings;
import static dev.agora.triggers.platform.PlatformTriggerTest.joinAsViewer;
import static dev.agora.triggers.platform.PlatformTriggerTest.send;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.ManagementInterface;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.ServiceSessionRevocationTest;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TestEvents;
import dev.agora.testsupport.TestTokens;
import dev.agora.testsupport.TopicReader;
import dev.agora.triggers.TestChain;
import dev.agora.triggers.TestReceiver;
import dev.agora.triggers.TestReceiver.Answer;
import dev.agora.triggers.TestTriggers;
import dev.agora.triggers.delivery.Deliveries;
import dev.agora.triggers.platform.PlatformTriggerTest;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The security holes found in trigger-service, each replayed; a test fails if its hole reopens.
 * <ul>
 * <li><b>Events carry their audience</b> ({@code ce_audience}, decided by the publisher): an organization viewer's
 * platform trigger on a message, a task or a payment between the agent's owner and a hirer never fires, even for an
 * agent of the viewer's organization, and its firings and results show nothing.</li>
 * <li><b>Ended sessions</b>: the access tokens of a session the gateway ended are refused (the tests inherited from
 * {@link ServiceSessionRevocationTest}).</li>
 * <li><b>Secrets sealed to their place</b> (AES-GCM with owner, trigger and field as associated data): another user's
 * ciphertext pasted into a notification's settings is delivered as the text it is, never decrypted; sent as an action
 * secret it is refused; moved onto another trigger in storage it fails to open and nothing is sent; and only a
 * platform administrator may re-seal the stored secrets ({@code rotate-secrets}).</li>
 * <li><b>Unverified email addresses</b>: a user whose address is not verified cannot create a trigger.</li>
 * </ul>
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class TriggerServiceSecurityTest extends ServiceSessionRevocationTest {
    private static TestReceiver receiver;
    private static TopicReader events;

    private final UUID owner = UUID.randomUUID();
    private final long chain = newChainId();
    private final UUID alice = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();
    private final String aliceBotToken = "alice-bot-" + UUID.randomUUID();

    @BeforeAll
    static void start() {
        receiver = TestReceiver.start();
        events = TopicReader.of("triggers.v1");
    }

    @AfterAll
    static void stop() {
        receiver.close();
        events.close();
    }

    @Override
    protected String signedInRoute() {
        return "/api/triggers";
    }

    // --- events carry their audience

    @Test
    void anOrganizationViewerNeverSeesTheOwnersPrivateDealingsWithAHirer() {
        UUID viewer = UUID.randomUUID();
        String types = "[\"agora.message.sent.v1\",\"agora.task.created.v1\",\"agora.transaction.confirmed.v1\"]";
        String id = PlatformTriggerTest.create(viewer, types, "null");
        UUID agent = UUID.randomUUID();
        UUID agentOwner = UUID.randomUUID();
        UUID hirer = UUID.randomUUID();
        String org = "org-" + UUID.randomUUID().toString().substring(0, 8);
        joinAsViewer(viewer, org, agentOwner);
        // the agent is one of the viewer's organization's, and the viewer does see the events meant for its readers
        registerAgentOf(agentOwner, agent, org);
        String readersOwn = PlatformTriggerTest.create(viewer, "[\"agora.deployment.failed.v1\"]", "null");
        send(agentAudience(agentOwner, org), "deployments.v1", agent, "agora.deployment.failed.v1",
                deploymentFailed(agent, agentOwner));
        assertEquals(1, firings(readersOwn));

        String parties = TestEvents.usersAudience(hirer, agentOwner);
        ObjectNode message = TestChain.JSON.createObjectNode().put("agentId", agent.toString())
                .put("senderId", hirer.toString()).put("recipientId", agentOwner.toString());
        message.putObject("message").put("text", "my wallet seed is ...");
        send(parties, "marketplace.v1", agent, "agora.message.sent.v1", message);
        ObjectNode task = TestChain.JSON.createObjectNode().put("agentId", agent.toString())
                .put("hirerId", hirer.toString()).put("ownerId", agentOwner.toString());
        task.putObject("task").put("description", "private brief").put("budget", "900");
        send(parties, "marketplace.v1", agent, "agora.task.created.v1", task);
        ObjectNode payment = TestChain.JSON.createObjectNode().put("agentId", agent.toString())
                .put("userId", hirer.toString()).put("ownerId", agentOwner.toString());
        payment.putObject("transaction").put("amount", "900").put("signature", "0xabc");
        send(parties, "marketplace.v1", agent, "agora.transaction.confirmed.v1", payment);

        assertEquals(0, firings(id));
        as(viewer).when().get("/api/triggers/" + id + "/firings").then().statusCode(200).body("items", empty());
        as(viewer).when().get("/api/triggers/" + id + "/results").then().statusCode(200).body("items", empty());
    }

    /** agora.agent.registered.v1 for an agent of {@code org}, as agent-service publishes it; waits until applied. */
    private static void registerAgentOf(UUID agentOwner, UUID agent, String org) {
        ObjectNode registered = TestChain.JSON.createObjectNode().put("agentId", agent.toString())
                .put("ownerId", agentOwner.toString());
        registered.putObject("agent").put("id", agent.toString()).put("ownerId", agentOwner.toString())
                .put("name", "Shared").put("subdomain", "shared").put("status", "active").put("version", 1)
                .putArray("organizationSlugs").add(org);
        send(agentAudience(agentOwner, org), "agents.v1", agent, "agora.agent.registered.v1", registered);
        assertEquals(1, TestDatabase.queryLong("select count(*) from agent_refs where agent_id = ? and ? = any(org_slugs)",
                agent, org));
    }

    // --- secrets sealed to their place

    /** Alice's trigger with a Telegram bot token, and that token as it is stored (sealed). */
    private String aliceSealedBotToken() {
        Deliveries.Created created = trigger(alice, "Alice bot", "[{'type':'telegram','config':{'chatId':1,"
                + "'message':'hello','botToken':'" + aliceBotToken + "'}}]");
        return storedConfigs(created.id()).get(0).get("botToken").asText();
    }

    @Test
    void ciphertextPastedIntoAnotherUsersActionIsNeverDecrypted() throws Exception {
        String sealed = aliceSealedBotToken();
        Deliveries.Created bobs = trigger(bob, "Bob notes", "[{'type':'notification','config':{'title':'" + sealed
                + "','message':'" + sealed + "','data':{'copy':'" + sealed + "'}}}]");
        fire(bobs, 10);
        TopicReader.Received requested = events.await(r -> bobs.id().equals(r.key())
                && "agora.trigger.notification-requested.v1".equals(r.header("ce_type")), Duration.ofSeconds(60));
        assertFalse(requested.value().contains(aliceBotToken), "Alice's token reached Bob: " + requested.value());
        JsonNode payload = TestChain.JSON.readTree(requested.value());
        assertEquals(sealed, payload.get("title").asText());
        assertEquals(sealed, payload.get("message").asText());
        assertEquals(sealed, payload.path("data").path("copy").asText());
        // a text that looks sealed is plain text in a setting that holds no secret: shown as written, never masked
        as(bob).when().get("/api/triggers/" + bobs.id()).then().statusCode(200)
                .body("actions[0].config.message", equalTo(sealed));
    }

    @Test
    void ciphertextSentAsAnActionSecretIsRefusedNamingTheFieldAndNothingIsStored() {
        String sealed = aliceSealedBotToken();
        String body = ("{'name':'Borrowed','source':{'type':'chain','chainId':1,'registry':'reputation'},"
                + "'actions':[{'type':'rest','config':{'url':'" + receiver.url("/borrowed") + "','authToken':'" + sealed
                + "','headers':{'X-Api-Key':'enc:v2:0badc0de:AAAA'}}},"
                + "{'type':'telegram','config':{'chatId':2,'message':'m','botToken':'" + sealed + "'}}]}").replace('\'', '"');
        as(bob).body(body).when().post("/api/triggers").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("actions[0].config.authToken", "actions[0].config.headers.X-Api-Key",
                        "actions[1].config.botToken"));
        as(bob).when().get("/api/triggers").then().statusCode(200).body("items", empty());
    }

    @Test
    void ciphertextMovedToAnotherTriggerInStorageFailsToOpenAndIsNeverSent() {
        String sealed = aliceSealedBotToken();
        receiver.script("/moved", Answer.of(200));
        Deliveries.Created bobs = trigger(bob, "Bob hook", "[{'type':'rest','config':{'url':'" + receiver.url("/moved")
                + "','authToken':'bob-own-token'}}]");
        String bobsSealed = storedConfigs(bobs.id()).get(0).get("authToken").asText();
        TestDatabase.execute("update trigger_actions set config = replace(config, ?, ?) where trigger_id = cast(? as uuid)",
                bobsSealed, sealed, bobs.id());

        fire(bobs, 10);
        List<Map<String, Object>> results = awaitResults(bob, bobs.id(), "failed", 1);
        String error = String.valueOf(results.get(0).get("error"));
        assertTrue(error.contains("actions[0].config.authToken") && error.contains("cannot be opened"), error);
        assertFalse(error.contains(aliceBotToken), error);
        assertTrue(receiver.received("/moved").isEmpty(), "a request went out with a secret from elsewhere");

        // the same for the webhook signing secret: Alice's, moved onto Bob's trigger, signs nothing
        receiver.script("/moved-signed", Answer.of(200));
        Deliveries.Created signed = trigger(bob, "Bob signed hook", "[{'type':'rest','config':{'url':'"
                + receiver.url("/moved-signed") + "'}}]");
        Deliveries.Created alices = trigger(alice, "Alice hook", "[{'type':'notification'}]");
        TestDatabase.execute("update triggers set signing_secret = (select signing_secret from triggers"
                + " where id = cast(? as uuid)) where id = cast(? as uuid)", alices.id(), signed.id());
        fire(signed, 10);
        String signingError = String.valueOf(awaitResults(bob, signed.id(), "failed", 1).get(0).get("error"));
        assertTrue(signingError.contains("signingSecret") && signingError.contains("cannot be opened"), signingError);
        assertTrue(receiver.received("/moved-signed").isEmpty(), "a webhook was signed with Alice's secret");
    }

    @Test
    void rotateSecretsIsForPlatformAdminsOnlyAndDocumented() {
        given().when().post("/api/triggers/admin/rotate-secrets").then().statusCode(401);
        as(owner).when().post("/api/triggers/admin/rotate-secrets").then().statusCode(403)
                .contentType("application/problem+json");
        // an organization's admin is not a platform administrator
        as(owner, Map.of("acme", "admin")).when().post("/api/triggers/admin/rotate-secrets").then().statusCode(403);
        ManagementInterface.given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("\"/api/triggers/admin/rotate-secrets\""));
    }

    // --- unverified email addresses

    @Test
    void anOwnerWhoseEmailIsNotVerifiedCannotCreateATriggerUntilItIs() {
        String body = TestTriggers.chain(chain, TriggerResourceTest.AGENT_7, TriggerResourceTest.LOW_SCORE_RATE, null);

        given().auth().oauth2(TestTokens.forUnverifiedUser(owner)).contentType(ContentType.JSON)
                .body(body).when().post("/api/triggers")
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://agora.dev/problems/email-not-verified"));
        assertEquals(0, TestDatabase.queryLong("select count(*) from triggers where owner_id = ?", owner));

        TriggerResourceTest.create(owner, body);
        assertEquals(1, TestDatabase.queryLong("select count(*) from triggers where owner_id = ?", owner));
    }
}
