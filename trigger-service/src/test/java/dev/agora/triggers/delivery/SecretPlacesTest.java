package dev.agora.triggers.delivery;

import static dev.agora.triggers.TestChain.as;
import static dev.agora.triggers.delivery.Deliveries.awaitResults;
import static dev.agora.triggers.delivery.Deliveries.fire;
import static dev.agora.triggers.delivery.Deliveries.trigger;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.LegacySecrets;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TopicReader;
import dev.agora.triggers.TestReceiver;
import dev.agora.triggers.TestReceiver.Answer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A sealed secret opens only where it was sealed (its owner, trigger and setting) and only at a secret setting: a
 * ciphertext copied anywhere else is text or an error, never someone's secret in clear.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class SecretPlacesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestReceiver receiver;
    private static TopicReader events;

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
        JsonNode payload = JSON.readTree(requested.value());
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
        as(bob).when().get("/api/triggers").then().statusCode(200).body("items", org.hamcrest.Matchers.empty());
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
    void changingAWebhookOrMcpUrlWhileSendingTheMaskIsRefusedNamingEachSecret() {
        long chain = dev.agora.triggers.TestChain.newChainId();
        String created = body(chain, "/first", "/mcp-first", "hdr-secret", "rest-token", "mcp-token", "bot-token");
        String id = as(alice).body(created).when().post("/api/triggers").then().statusCode(201).extract().path("id");
        String before = storedConfigs(id).toString();

        String moved = body(chain, "/elsewhere", "/mcp-elsewhere", "********", "********", "********", "********");
        as(alice).body(moved).when().put("/api/triggers/" + id).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("actions[0].config.headers.X-Api-Key", "actions[0].config.authToken",
                        "actions[1].config.authToken"))
                // a Telegram bot token only ever goes to the Bot API: its mask is kept
                .body("errors.field", not(hasItem("actions[2].config.botToken")));
        assertEquals(before, storedConfigs(id).toString(), "a refused replacement wrote something");

        // the same URLs with the masks keep every secret; new URLs with the secrets sent again are fine
        String same = body(chain, "/first", "/mcp-first", "********", "********", "********", "********");
        as(alice).body(same).when().put("/api/triggers/" + id).then().statusCode(200);
        assertEquals(before, storedConfigs(id).toString());
        as(alice).body(body(chain, "/elsewhere", "/mcp-elsewhere", "hdr-2", "rest-2", "mcp-2", "********"))
                .when().put("/api/triggers/" + id).then().statusCode(200)
                .body("actions[0].config.url", equalTo(receiver.url("/elsewhere")));
    }

    @Test
    void legacyV1SecretsStillDeliverUntilRotated() throws Exception {
        String key = ConfigProvider.getConfig().getValue("agora.triggers.secret-key", String.class);
        receiver.script("/legacy", Answer.of(200));
        Deliveries.Created created = trigger(alice, "Legacy", "[{'type':'rest','config':{'url':'" + receiver.url("/legacy")
                + "','authToken':'placeholder-1','headers':{'X-Api-Key':'placeholder-2'}}}]");
        byte[] signingKey = new byte[32];
        new java.security.SecureRandom().nextBytes(signingKey);
        String signingSecret = "whsec_" + Base64.getEncoder().encodeToString(signingKey);
        JsonNode config = storedConfigs(created.id()).get(0);
        TestDatabase.execute("update trigger_actions set config = replace(replace(config, ?, ?), ?, ?)"
                + " where trigger_id = cast(? as uuid)",
                config.get("authToken").asText(), LegacySecrets.sealV1(key, "legacy-token"),
                config.path("headers").get("X-Api-Key").asText(), LegacySecrets.sealV1(key, "legacy-api-key"),
                created.id());
        TestDatabase.execute("update triggers set signing_secret = ? where id = cast(? as uuid)",
                LegacySecrets.sealV1(key, signingSecret), created.id());

        fire(created, 10);
        TestReceiver.Received request = receiver.await("/legacy", 1).get(0);
        assertEquals("Bearer legacy-token", request.header("Authorization"));
        assertEquals("legacy-api-key", request.header("X-Api-Key"));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(signingSecret.substring(6)), "HmacSHA256"));
        byte[] expected = mac.doFinal((request.header("webhook-id") + "." + request.header("webhook-timestamp") + "."
                + request.body()).getBytes(StandardCharsets.UTF_8));
        assertTrue(MessageDigest.isEqual(expected,
                Base64.getDecoder().decode(request.header("webhook-signature").substring("v1,".length()))));
        as(alice).when().get("/api/triggers/" + created.id()).then().statusCode(200)
                .body("actions[0].config.authToken", equalTo("********"))
                .body("actions[0].config.headers.X-Api-Key", equalTo("********"));
        assertTrue(storedConfigs(created.id()).get(0).get("authToken").asText().startsWith("enc:v1:"));
    }

    private String body(long chain, String restPath, String mcpPath, String header, String restToken, String mcpToken,
            String botToken) {
        return ("{'name':'Masks','source':{'type':'chain','chainId':" + chain + ",'registry':'reputation'},'actions':["
                + "{'type':'rest','config':{'url':'" + receiver.url(restPath) + "','headers':{'X-Api-Key':'" + header
                + "'},'authToken':'" + restToken + "'}},"
                + "{'type':'mcp','config':{'serverUrl':'" + receiver.url(mcpPath) + "','toolName':'t','authToken':'"
                + mcpToken + "'}},"
                + "{'type':'telegram','config':{'chatId':1,'message':'m','botToken':'" + botToken + "'}}]}")
                .replace('\'', '"');
    }

    private static List<JsonNode> storedConfigs(String triggerId) {
        return TestDatabase.query("select config from trigger_actions where trigger_id = cast(? as uuid) order by position",
                triggerId, rows -> {
                    List<JsonNode> configs = new java.util.ArrayList<>();
                    while (rows.next()) {
                        try {
                            configs.add(JSON.readTree(rows.getString(1)));
                        } catch (java.io.IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    return configs;
                });
    }
}
