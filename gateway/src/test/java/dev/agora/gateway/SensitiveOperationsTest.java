package dev.agora.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.agora.gateway.SignIns.SignIn;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * Operations a stolen access token must not be enough for: creating an API key (a credential that outlives every
 * session) and deleting the account need the password, or a sign-in younger than five minutes ({@code auth_time}),
 * and a password change takes the API keys made with the old password along unless the user keeps them. The direct
 * replays are in {@link GatewaySecurityTest}; here the other keys, the refresh, and bad input.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
class SensitiveOperationsTest {
    static final long TWENTY_MINUTES = 20 * 60;
    static final String KEY = "{\"name\":\"ci\",\"scopes\":[\"agents:read\"]%s}";

    @Test
    void aFreshSignInMintsAnApiKeyWithoutThePassword() {
        SignIn ada = SignIns.newAccount();
        ada.as().body(KEY.formatted("")).post("/api/users/me/api-keys").then().statusCode(201);
    }

    @Test
    void aRefreshKeepsTheTimeThePasswordWasProved() {
        SignIn ada = SignIns.newAccount();
        long signedInAt = SignIns.claims(ada.accessToken()).path("auth_time").asLong();
        assertTrue(Math.abs(Instant.now().getEpochSecond() - signedInAt) < 60, "auth_time is the sign-in: " + signedInAt);
        // a refresh in a later second than the sign-in, so that its iat can tell them apart
        await().atMost(Duration.ofSeconds(3)).until(() -> Instant.now().getEpochSecond() > signedInAt);

        String refreshed = SignIns.refresh(ada.refreshToken()).then().statusCode(200).extract().path("accessToken");

        assertEquals(signedInAt, SignIns.claims(refreshed).path("auth_time").asLong());
        assertTrue(SignIns.claims(refreshed).path("iat").asLong() > signedInAt);
    }

    @Test
    void organizationAndServiceAccountKeysNeedAFreshAuthenticationToo() {
        SignIn admin = SignIns.newAccount();
        TestDatabase.execute("update users set platform_admin = true where id = ?", UUID.fromString(admin.userId()));
        admin = SignIns.again(admin);
        String slug = "fresh-" + UUID.randomUUID().toString().substring(0, 8);
        admin.as().body("{\"slug\":\"" + slug + "\",\"name\":\"Org\"}").post("/api/orgs").then().statusCode(201);
        admin = SignIns.again(admin);
        String account = admin.as().body("{\"name\":\"indexer-" + slug + "\",\"role\":\"ingestor\"}")
                .post("/api/admin/service-accounts").then().statusCode(201).extract().path("id");
        String stale = admin.staleToken(TWENTY_MINUTES);

        for (String path : List.of("/api/orgs/" + slug + "/api-keys", "/api/admin/service-accounts/" + account + "/api-keys")) {
            reauthenticationRequired(as(stale).body(KEY.formatted("")).post(path),
                    "is required: your sign-in is older than 5 minutes");
            as(stale).body(KEY.formatted(",\"password\":\"" + SignIns.PASSWORD + "\"")).post(path).then().statusCode(201);
        }
    }

    @Test
    void badPasswordFieldsAre400NamingTheFieldAndWriteNothing() {
        SignIn ada = SignIns.newAccount();
        String tooLong = "x".repeat(129);

        ada.as().body(KEY.formatted(",\"password\":\"" + tooLong + "\"")).post("/api/users/me/api-keys")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("password"));
        ada.as().body("{\"password\":\"" + tooLong + "\"}").delete("/api/users/me")
                .then().statusCode(400).body("errors[0].field", equalTo("password"));
        ada.as().body("{\"currentPassword\":\"" + SignIns.PASSWORD + "\",\"newPassword\":\"a much better passphrase\","
                + "\"keepApiKeys\":\"perhaps\"}").post("/api/users/me/password")
                .then().statusCode(400).body("errors[0].field", equalTo("keepApiKeys"));
        assertEquals(0, keysOf(ada));
        ada.as().get("/api/users/me").then().statusCode(200);
        SignIns.again(ada);
    }

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    static void reauthenticationRequired(io.restassured.response.Response response, String message) {
        ValidatableResponse refused = response.then().statusCode(403).contentType("application/problem+json");
        refused.body("type", endsWith("/reauthentication-required"))
                .body("title", equalTo("Reauthentication required"))
                .body("errors[0].field", equalTo("password"))
                .body("errors[0].message", equalTo(message));
    }

    static long keysOf(SignIn signIn) {
        return TestDatabase.queryLong("select count(*) from api_keys where user_id = ?", UUID.fromString(signIn.userId()));
    }
}
