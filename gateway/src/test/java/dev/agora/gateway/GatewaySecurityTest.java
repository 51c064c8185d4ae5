package dev.agora.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.gateway.SignIns.SignIn;
import dev.agora.testsupport.EventContracts;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * An access token dies with its session: after a logout, a revoked session, a password change, a deactivation, a
 * deletion or a reused refresh token, the session's tokens are refused at once at the edge and at the gateway's own
 * endpoints, and {@code agora.session.revoked.v1} tells every service.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
class GatewaySecurityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventContracts CONTRACTS = new EventContracts(Path.of("../contracts"));
    private static final String SESSION_ENDED = "the session of this token has ended: sign in again";
    private static final String PROXIED = "/api/agents/mine";
    private static final String OWN = "/api/users/me";
    private static TopicReader identityTopic;

    @BeforeAll
    static void subscribe() {
        identityTopic = TopicReader.of("identity.v1");
    }

    @AfterAll
    static void close() {
        identityTopic.close();
    }

    @Test
    void oldAccessTokenIsRefusedAfterLogout() throws Exception {
        SignIn laptop = SignIns.newAccount();
        SignIn phone = SignIns.again(laptop);
        works(laptop);
        works(phone);

        given().contentType(ContentType.JSON).body("{\"refreshToken\":\"" + laptop.refreshToken() + "\"}")
                .when().post("/auth/logout").then().statusCode(204);

        refused(laptop);
        works(phone);
        JsonNode event = revocationOf(laptop, "logout");
        assertEquals(List.of(laptop.sessionId().toString()), strings(event.path("sessionIds")));
    }

    @Test
    void revokingASessionEndsItsAccessTokensAtOnce() throws Exception {
        SignIn laptop = SignIns.newAccount();
        SignIn phone = SignIns.again(laptop);

        laptop.as().delete("/api/users/me/sessions/" + phone.sessionId()).then().statusCode(204);

        refused(phone);
        works(laptop);
        revocationOf(phone, "revoked");
    }

    @Test
    void changingThePasswordEndsEveryOtherSessionsAccessTokensButTheCallers() throws Exception {
        SignIn laptop = SignIns.newAccount();
        SignIn phone = SignIns.again(laptop);
        SignIn tablet = SignIns.again(laptop);

        laptop.as().body("{\"currentPassword\":\"" + SignIns.PASSWORD + "\",\"newPassword\":\"a much better passphrase\"}")
                .when().post("/api/users/me/password").then().statusCode(204);

        refused(phone);
        refused(tablet);
        works(laptop);
        JsonNode event = revocationOf(phone, "password-changed");
        assertEquals(2, event.path("sessionIds").size());
    }

    @Test
    void deactivatingTheAccountEndsEveryAccessToken() throws Exception {
        everyAccessTokenEndsWhen(signIn -> signIn.as().post("/api/users/me/deactivate"), "deactivated");
    }

    @Test
    void deletingTheAccountEndsEveryAccessToken() throws Exception {
        everyAccessTokenEndsWhen(signIn -> signIn.as().delete("/api/users/me"), "deleted");
    }

    private static void everyAccessTokenEndsWhen(Function<SignIn, Response> ending, String reason) throws Exception {
        SignIn laptop = SignIns.newAccount();
        SignIn phone = SignIns.again(laptop);

        ending.apply(laptop).then().statusCode(204);

        refused(laptop);
        refused(phone);
        JsonNode event = revocationOf(phone, reason);
        assertEquals(2, event.path("sessionIds").size());
    }

    @Test
    void aReusedRefreshTokenEndsTheAccessTokensOfItsSession() throws Exception {
        SignIn laptop = SignIns.newAccount();
        String rotated = SignIns.refresh(laptop.refreshToken()).then().statusCode(200).extract().path("accessToken");
        given().auth().oauth2(rotated).get(PROXIED).then().statusCode(200);

        // the old refresh token again: it leaked, so its whole family ends, access tokens included
        SignIns.refresh(laptop.refreshToken()).then().statusCode(401);

        refused(laptop);
        given().auth().oauth2(rotated).get(PROXIED).then().statusCode(401).body("detail", equalTo(SESSION_ENDED));
        revocationOf(laptop, "refresh-token-reused");
    }

    @Test
    void aRevocationAnotherGatewayReplicaRecordedReachesThisOneWithinSeconds() {
        SignIn laptop = SignIns.newAccount();
        works(laptop);

        // what the replica that served the logout wrote; this replica was not told
        TestDatabase.execute("insert into revoked_sessions (session_id, user_id, revoked_at, purge_after)"
                + " values (?, ?, now(), now() + interval '16 minutes')", laptop.sessionId(), UUID.fromString(laptop.userId()));

        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100)).until(() -> given()
                .auth().oauth2(laptop.accessToken()).get(PROXIED).then().extract().statusCode() == 401);
        refused(laptop);
    }

    @Test
    void anApiKeyOutlivesTheSessionThatCreatedIt() {
        SignIn laptop = SignIns.newAccount();
        String key = laptop.as().body("{\"name\":\"ci\",\"scopes\":[\"agents:read\"]}").when()
                .post("/api/users/me/api-keys").then().statusCode(201).extract().path("key");

        given().contentType(ContentType.JSON).body("{\"refreshToken\":\"" + laptop.refreshToken() + "\"}")
                .when().post("/auth/logout").then().statusCode(204);

        refused(laptop);
        // its internal token names no session: API keys are revoked on their own (DELETE, or a password change)
        given().header("X-API-Key", key).get(PROXIED).then().statusCode(200);
    }

    private static void works(SignIn signIn) {
        given().auth().oauth2(signIn.accessToken()).get(PROXIED).then().statusCode(200);
        given().auth().oauth2(signIn.accessToken()).get(OWN).then().statusCode(200);
    }

    /** Refused at the edge (before any service is called) and at the gateway's own endpoints. */
    private static void refused(SignIn signIn) {
        for (String path : List.of(PROXIED, OWN, "/api/users/me/sessions")) {
            given().auth().oauth2(signIn.accessToken()).get(path)
                    .then().statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", "Bearer")
                    .body("detail", equalTo(SESSION_ENDED));
        }
    }

    /** The event telling the services, checked against its contract; its audience is the user alone. */
    private static JsonNode revocationOf(SignIn signIn, String reason) throws Exception {
        String session = signIn.sessionId().toString();
        TopicReader.Received received = identityTopic.await(r -> signIn.userId().equals(r.key())
                && "agora.session.revoked.v1".equals(r.header("ce_type")) && r.value().contains(session),
                Duration.ofSeconds(30));
        assertEquals(List.of(), CONTRACTS.violations("identity.v1", "agora.session.revoked.v1", received.value()));
        assertEquals("{\"users\":[\"" + signIn.userId() + "\"],\"orgs\":{}}", received.header("ce_audience"));
        JsonNode event = JSON.readTree(received.value());
        assertEquals(signIn.userId(), event.path("userId").asText());
        assertEquals(reason, event.path("reason").asText());
        return event;
    }

    private static List<String> strings(JsonNode array) {
        return JSON.convertValue(array, JSON.getTypeFactory().constructCollectionType(List.class, String.class));
    }
}
