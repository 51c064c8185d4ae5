package dev.agora.marketplace;

import static dev.agora.marketplace.Marketplace.as;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TestEvents;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class ProfileResourceTest {
    private static final String PROFILES = "/api/marketplace/profiles";
    private static final String SOLANA = "9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM";

    private final UUID user = UUID.randomUUID();
    private final String username = "user_" + user.toString().substring(0, 8);

    @Test
    void aRegisteredUserSetsAProfileAndEveryoneSeesThePublicPart() {
        TestDatabase.awaitProcessed(TestEvents.send("identity.v1", user.toString(), "agora.user.registered.v1",
                "{\"userId\":\"" + user + "\",\"email\":\"ada@example.com\",\"displayName\":\"Ada\","
                        + "\"createdAt\":\"2026-01-02T03:04:05Z\"}"));
        as(user).when().get(PROFILES + "/me").then().statusCode(200)
                .body("displayName", equalTo("Ada")).body("email", equalTo("ada@example.com"))
                .body("memberSince", equalTo("2026-01-02T03:04:05Z")).body("username", nullValue());

        as(user).body("{\"username\":\"" + username + "\",\"bio\":\"Builder\",\"avatarUrl\":\"https://cdn.example.com/a.png\","
                + "\"walletChain\":\"solana\",\"walletAddress\":\"" + SOLANA + "\"}")
                .when().put(PROFILES + "/me").then().statusCode(200)
                .body("username", equalTo(username)).body("walletAddress", equalTo(SOLANA));

        for (String key : new String[] { user.toString(), username }) {
            given().when().get(PROFILES + "/" + key).then().statusCode(200)
                    .body("displayName", equalTo("Ada")).body("bio", equalTo("Builder"))
                    .body("walletChain", equalTo("solana"))
                    .body("$", not(hasKey("email")));
        }
        // the username is taken for anyone else
        as(UUID.randomUUID()).body("{\"username\":\"" + username + "\"}").when().put(PROFILES + "/me").then()
                .statusCode(409).body("errors[0].field", equalTo("username"));

        TestDatabase.awaitProcessed(TestEvents.send("identity.v1", user.toString(), "agora.user.deleted.v1",
                "{\"userId\":\"" + user + "\",\"deletedAt\":\"2026-02-01T00:00:00Z\"}"));
        await().atMost(TestDatabase.TIMEOUT).untilAsserted(() -> given().when().get(PROFILES + "/" + username)
                .then().statusCode(404));
    }

    @Test
    void walletAddressesAreValidatedPerChain() {
        expectBadRequest("{\"walletChain\":\"algorand\",\"walletAddress\":\"" + SOLANA + "\"}", "walletAddress");
        expectBadRequest("{\"walletChain\":\"ethereum\",\"walletAddress\":\"0x123\"}", "walletAddress");
        expectBadRequest("{\"walletChain\":\"bitcoin\",\"walletAddress\":\"" + SOLANA + "\"}", "walletChain");
        expectBadRequest("{\"walletAddress\":\"" + SOLANA + "\"}", "walletChain");
        expectBadRequest("{\"username\":\"No Spaces\"}", "username");
        expectBadRequest("{\"bio\":\"" + "x".repeat(501) + "\"}", "bio");
        expectBadRequest("{\"avatarUrl\":\"http://insecure.example.com/a.png\"}", "avatarUrl");
        as(user).body("{\"walletChain\":\"ethereum\",\"walletAddress\":\"0x52908400098527886E0F7030069857D2E4169EE7\"}")
                .when().put(PROFILES + "/me").then().statusCode(200).body("walletChain", equalTo("ethereum"));
        as(user).body("{\"walletChain\":\"algorand\",\"walletAddress\":\"" + "A".repeat(58) + "\"}")
                .when().put(PROFILES + "/me").then().statusCode(200).body("email", equalTo(user + "@test.agora.dev"));
        given().when().get(PROFILES + "/me").then().statusCode(401);
        given().when().get(PROFILES + "/" + UUID.randomUUID()).then().statusCode(404);
    }

    private void expectBadRequest(String body, String field) {
        as(user).body(body).when().put(PROFILES + "/me").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo(field));
    }
}
