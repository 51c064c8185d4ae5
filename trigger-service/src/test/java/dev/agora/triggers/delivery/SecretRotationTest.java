package dev.agora.triggers.delivery;

import static dev.agora.triggers.TestChain.as;
import static dev.agora.triggers.delivery.Deliveries.awaitResults;
import static dev.agora.triggers.delivery.Deliveries.fire;
import static dev.agora.triggers.delivery.Deliveries.trigger;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.common.crypto.SecretCipher;
import dev.agora.common.crypto.SecretPlace;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.LegacySecrets;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TestTokens;
import dev.agora.triggers.TestReceiver;
import dev.agora.triggers.TestReceiver.Answer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * After a key change (the old key moved to {@code previous-secret-keys}), {@code rotate-secrets} seals every stored
 * secret again under the new key, legacy ones included, so that the old key can be removed.
 */
@QuarkusTest
@TestProfile(SecretRotationTest.RotatedKey.class)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class SecretRotationTest {
    /** The test profile's usual key, which sealed what the other tests stored. */
    static final String OLD_KEY = "dGVzdC1vbmx5LWFnb3JhLXRyaWdnZXJzLWtleS0zMmI=";
    static final String NEW_KEY = Base64.getEncoder().encodeToString("rotated-agora-triggers-key-32byt".getBytes(
            StandardCharsets.US_ASCII));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SEALED = Pattern.compile("enc:[^\"\\s]*");
    private static TestReceiver receiver;

    private final UUID owner = UUID.randomUUID();

    public static class RotatedKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("agora.triggers.secret-key", NEW_KEY, "agora.triggers.previous-secret-keys", OLD_KEY);
        }
    }

    @BeforeAll
    static void start() {
        receiver = TestReceiver.start();
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    private static io.restassured.specification.RequestSpecification admin() {
        return given().auth().oauth2(TestTokens.forUser(UUID.randomUUID(), Set.of("admin"), Map.of()))
                .contentType(ContentType.JSON);
    }

    @Test
    void rotateSecretsResealsEveryStoredSecretUnderTheNewKeySoTheOldKeyCanBeRemoved() throws Exception {
        receiver.script("/rotated", Answer.of(400), Answer.of(200));
        Deliveries.Created created = trigger(owner, "Rotated", "[{'type':'rest','config':{'url':'"
                + receiver.url("/rotated") + "','authToken':'tok-1','headers':{'X-Api-Key':'key-1'}}}]");
        UUID triggerId = UUID.fromString(created.id());
        // what the old key sealed: a value bound to its place, a legacy value, a legacy signing secret
        byte[] signingKey = new byte[32];
        new SecureRandom().nextBytes(signingKey);
        String signingSecret = "whsec_" + Base64.getEncoder().encodeToString(signingKey);
        String oldToken = SecretCipher.fromConfig("old", OLD_KEY, List.of()).seal("tok-1",
                new SecretPlace(owner, triggerId, "actions[0].config.authToken"));
        TestDatabase.execute("update trigger_actions set config = ? where trigger_id = cast(? as uuid)",
                JSON.createObjectNode().put("url", receiver.url("/rotated")).put("authToken", oldToken)
                        .set("headers", JSON.createObjectNode().put("X-Api-Key", LegacySecrets.sealV1(OLD_KEY, "key-1")))
                        .toString(), created.id());
        TestDatabase.execute("update triggers set signing_secret = ? where id = cast(? as uuid)",
                LegacySecrets.sealV1(OLD_KEY, signingSecret), created.id());
        // a job keeps its copy of the old values: the first attempt is refused for good, a dead letter
        fire(created, 10);
        awaitResults(owner, created.id(), "failed", 1);

        JsonNode rotated = admin().when().post("/api/triggers/admin/rotate-secrets").then().statusCode(200)
                .body("keyId", equalTo(newCipher().currentKeyId())).extract().as(JsonNode.class);
        assertTrue(rotated.get("valuesResealed").asLong() >= 5, rotated.toString());
        assertTrue(rotated.get("rowsResealed").asLong() >= 3, rotated.toString());

        // every value is now sealed with the new key alone, each at its place
        String stored = storedSecrets(created.id());
        Matcher sealed = SEALED.matcher(stored);
        int count = 0;
        while (sealed.find()) {
            count++;
            assertTrue(sealed.group().startsWith("enc:v2:" + newCipher().currentKeyId() + ":"), stored);
        }
        assertEquals(5, count, stored);
        SecretCipher newKeyOnly = newCipher();
        String actionConfig = TestDatabase.query("select config from trigger_actions where trigger_id = cast(? as uuid)",
                created.id(), rows -> rows.next() ? rows.getString(1) : null);
        JsonNode action = JSON.readTree(actionConfig);
        assertEquals("tok-1", newKeyOnly.open(action.get("authToken").asText(),
                new SecretPlace(owner, triggerId, "actions[0].config.authToken")));
        assertEquals("key-1", newKeyOnly.open(action.path("headers").get("X-Api-Key").asText(),
                new SecretPlace(owner, triggerId, "actions[0].config.headers.X-Api-Key")));
        String signing = TestDatabase.query("select signing_secret from triggers where id = cast(? as uuid)", created.id(),
                rows -> rows.next() ? rows.getString(1) : null);
        assertEquals(signingSecret, newKeyOnly.open(signing, new SecretPlace(owner, triggerId, "signingSecret")));

        // the dead letter, replayed, is delivered with the secrets it kept
        as(owner).when().post("/api/triggers/" + created.id() + "/dead-letters/replay-all").then().statusCode(200);
        TestReceiver.Received request = receiver.await("/rotated", 2).get(1);
        assertEquals("Bearer tok-1", request.header("Authorization"));
        assertEquals("key-1", request.header("X-Api-Key"));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
        assertEquals("v1," + Base64.getEncoder().encodeToString(mac.doFinal((request.header("webhook-id") + "."
                + request.header("webhook-timestamp") + "." + request.body()).getBytes(StandardCharsets.UTF_8))),
                request.header("webhook-signature"));

        // a second run finds nothing left to seal
        admin().when().post("/api/triggers/admin/rotate-secrets").then().statusCode(200)
                .body("valuesResealed", equalTo(0));
    }

    private static SecretCipher newCipher() {
        return SecretCipher.fromConfig("new", NEW_KEY, List.of());
    }

    /** Every sealed text stored for the trigger: its actions, its signing secret and its jobs' copies. */
    private static String storedSecrets(String triggerId) {
        return TestDatabase.query("select (select string_agg(config, ' ') from trigger_actions where trigger_id = t.id)"
                + " || ' ' || t.signing_secret || ' ' || (select string_agg(config, ' ') from action_jobs"
                + " where trigger_id = t.id) from triggers t where t.id = cast(? as uuid)", triggerId,
                rows -> rows.next() ? rows.getString(1) : "");
    }
}
