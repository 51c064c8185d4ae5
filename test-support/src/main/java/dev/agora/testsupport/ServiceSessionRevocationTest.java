package dev.agora.testsupport;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * A service refuses the access tokens of a sign-in session once the gateway has ended it: it learns so from
 * {@code agora.session.revoked.v1} on {@code identity.v1} (its own consumer, exactly once), and from the
 * {@code revoked_sessions} rows another replica's consumer wrote. A subclass adds {@code @QuarkusTest} and the
 * {@link PostgresTestResource} and {@link KafkaTestResource} {@code @WithTestResource}s (GLOBAL scope), and names a
 * route any signed-in user may read.
 */
public abstract class ServiceSessionRevocationTest {
    /** Within this much, a revocation another replica recorded is refused here too (it reads every second). */
    private static final Duration ANOTHER_REPLICAS_REVOCATION = Duration.ofSeconds(3);

    /** A GET any signed-in user may call (200 with a valid token). */
    protected abstract String signedInRoute();

    @Test
    void anAccessTokenIsRefusedOnceItsSessionIsRevokedWhileAnotherSessionsTokenStillWorks() {
        UUID user = UUID.randomUUID();
        UUID ended = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        String endedToken = TestTokens.forSession(user, ended);
        String otherToken = TestTokens.forSession(user, other);
        ok(endedToken);
        ok(otherToken);

        TestDatabase.awaitProcessed(TestSessions.revoke(user, ended));

        sessionEnded(endedToken);
        ok(otherToken);
        // a token naming no session (an API key's or an external issuer's internal token) is not concerned
        ok(TestTokens.forUser(user));
    }

    @Test
    void aRedeliveredRevocationIsAppliedOnce() {
        UUID user = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID smuggled = UUID.randomUUID();
        UUID later = UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        TestDatabase.awaitProcessed(TestSessions.revokeAs(eventId, user, first));

        // the same event id again (a redelivery), then a new event on the same key: once that one is applied, the
        // redelivery has been seen, and it changed nothing
        TestSessions.revokeAs(eventId, user, smuggled);
        TestDatabase.awaitProcessed(TestSessions.revoke(user, later));

        sessionEnded(TestTokens.forSession(user, first));
        sessionEnded(TestTokens.forSession(user, later));
        ok(TestTokens.forSession(user, smuggled));
        assertEquals(1, TestDatabase.processedCount(eventId));
        assertEquals(2, TestDatabase.queryLong("select count(*) from revoked_sessions where user_id = ?", user));
    }

    @Test
    void aRevocationAnotherReplicaRecordedIsRefusedHereWithinSeconds() {
        UUID user = UUID.randomUUID();
        UUID ended = UUID.randomUUID();
        String token = TestTokens.forSession(user, ended);
        ok(token);

        // what the replica whose consumer received the event wrote; this one's consumer never sees that event
        TestDatabase.execute("insert into revoked_sessions (session_id, user_id, revoked_at, purge_after)"
                + " values (?, ?, now(), now() + interval '16 minutes')", ended, user);

        await().atMost(ANOTHER_REPLICAS_REVOCATION).pollInterval(Duration.ofMillis(100))
                .until(() -> status(token) == 401);
        sessionEnded(token);
    }

    @Test
    void aRevocationIsForgottenOnlyOnceNoTokenOfItsSessionCanBeValid() {
        UUID user = UUID.randomUUID();
        UUID ended = UUID.randomUUID();
        TestDatabase.awaitProcessed(TestSessions.revoke(user, ended));

        Instant forgetAfter = TestDatabase.query("select purge_after from revoked_sessions where session_id = ?", ended,
                rows -> rows.next() ? rows.getTimestamp(1).toInstant() : null);
        // the access-token lifetime (15 minutes) and the verifiers' clock skew (60 s) have to pass first
        Duration kept = Duration.between(Instant.now(), forgetAfter);
        assertEquals(16, Math.round(kept.toSeconds() / 60.0), "kept for " + kept);
    }

    private int status(String token) {
        return given().auth().oauth2(token).when().get(signedInRoute()).then().extract().statusCode();
    }

    private void ok(String token) {
        given().auth().oauth2(token).when().get(signedInRoute()).then().statusCode(200);
    }

    private void sessionEnded(String token) {
        given().auth().oauth2(token).when().get(signedInRoute())
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("status", equalTo(401))
                .body("detail", containsString("session"));
    }
}
