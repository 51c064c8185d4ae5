package dev.agora.triggers.delivery;

import static dev.agora.triggers.TestChain.as;
import static dev.agora.triggers.delivery.Deliveries.fire;
import static dev.agora.triggers.delivery.Deliveries.trigger;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
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
import dev.agora.triggers.TestReceiver;
import dev.agora.triggers.TestReceiver.Answer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Where sealed secrets stay usable: a mask sent back keeps its secret only while the address it goes to is unchanged,
 * and secrets sealed under the legacy scheme still deliver until rotated. (That a ciphertext opens only at its own
 * place is replayed in {@code TriggerServiceSecurityTest}.)
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
public class SecretPlacesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestReceiver receiver;

    private final UUID alice = UUID.randomUUID();

    @BeforeAll
    static void start() {
        receiver = TestReceiver.start();
    }

    @AfterAll
    static void stop() {
        receiver.close();
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

    /** The stored settings of the trigger's actions, in order, their secrets as sealed. */
    public static List<JsonNode> storedConfigs(String triggerId) {
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
