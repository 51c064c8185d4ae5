package dev.agora.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * A forgotten password used to lock its owner out for good: a reset link is now mailed to the account's address, and
 * using it sets a new password and ends every session; asking tells nothing about whether the account exists (both
 * replayed in {@link GatewaySecurityTest}). Here withdrawn, expired and superseded links, bad input, throttling.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
class PasswordResetTest {
    private static final String PASSWORD = "correct horse battery";
    static final String NEW_PASSWORD = "a brand new passphrase";
    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    @Inject
    MockMailbox mailbox;

    @Test
    void aPasswordChangedAfterTheLinkWasMailedWithdrawsTheLink() {
        String email = AuthFlowTest.uniqueEmail();
        AuthFlowTest.register(email);
        request(email, newAddress()).then().statusCode(202);
        String token = MailedTokens.tokenOf(MailedTokens.awaitMail(mailbox, email, MailedTokens.RESET_SUBJECT, 1));
        String accessToken = AuthFlowTest.login(email, PASSWORD).then().statusCode(200).extract().path("accessToken");

        given().auth().oauth2(accessToken).contentType(ContentType.JSON)
                .body("{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"" + NEW_PASSWORD + "\"}")
                .post("/api/users/me/password").then().statusCode(204);

        reset(token, "the intruder's passphrase").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("token")));
        AuthFlowTest.login(email, NEW_PASSWORD).then().statusCode(200);
    }

    @Test
    void expiredSupersededAndUnknownTokensAreRefusedAlikeAndChangeNothing() {
        String email = AuthFlowTest.uniqueEmail();
        String id = AuthFlowTest.register(email);
        request(email, newAddress()).then().statusCode(202);
        String first = MailedTokens.tokenOf(MailedTokens.awaitMail(mailbox, email, MailedTokens.RESET_SUBJECT, 1));
        request(email, newAddress()).then().statusCode(202);
        String second = MailedTokens.tokenOf(MailedTokens.awaitMail(mailbox, email, MailedTokens.RESET_SUBJECT, 2));
        TestDatabase.execute("update email_tokens set expires_at = now() - interval '1 second'"
                + " where user_id = ?::uuid and purpose = 'reset-password' and superseded_at is null", id);

        String superseded = reset(first, NEW_PASSWORD).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("token"))).extract().asString();
        String expired = reset(second, NEW_PASSWORD).then().statusCode(400).extract().asString();
        String unknown = reset("not-a-token-anyone-was-sent", NEW_PASSWORD).then().statusCode(400).extract().asString();
        assertEquals(superseded, expired);
        assertEquals(superseded, unknown);
        // a verification token is not a reset token
        String verification = MailedTokens.tokenOf(MailedTokens.awaitMail(mailbox, email, MailedTokens.VERIFICATION_SUBJECT, 1));
        assertEquals(superseded, reset(verification, NEW_PASSWORD).then().statusCode(400).extract().asString());

        AuthFlowTest.login(email, PASSWORD).then().statusCode(200);
        assertEquals(0, TestDatabase.queryLong("select count(*) from email_tokens where user_id = ?::uuid and used_at is not null", id));
    }

    @Test
    void badInputAnswers400NamingTheFieldAndWritesNothing() {
        String email = AuthFlowTest.uniqueEmail();
        String id = AuthFlowTest.register(email);
        request(email, newAddress()).then().statusCode(202);
        String token = MailedTokens.tokenOf(MailedTokens.awaitMail(mailbox, email, MailedTokens.RESET_SUBJECT, 1));
        long tokensBefore = TestDatabase.queryLong("select count(*) from email_tokens where user_id = ?::uuid", id);

        given().contentType(ContentType.JSON).body("{}").when().post("/auth/password-reset/request")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", equalTo(List.of("email")));
        request("not-an-email", newAddress()).then().statusCode(400).body("errors.field", equalTo(List.of("email")));
        given().contentType(ContentType.JSON).body("{\"email\": ").when().post("/auth/password-reset/request")
                .then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{}").when().post("/auth/password-reset")
                .then().statusCode(400).body("errors.field", containsInAnyOrder("token", "newPassword"));
        given().contentType(ContentType.JSON).body("{\"token\":\"" + token + "\",\"newPassword\":7}").when()
                .post("/auth/password-reset").then().statusCode(400).contentType("application/problem+json");
        // the registration's password policy: too short, and well-known breached passwords
        reset(token, "short-pw9").then().statusCode(400).body("errors.field", equalTo(List.of("newPassword")));
        reset(token, "password1234").then().statusCode(400).body("errors.field", equalTo(List.of("newPassword")));
        given().contentType(ContentType.JSON).when().post("/auth/password-reset").then().statusCode(400)
                .contentType("application/problem+json");

        assertEquals(tokensBefore, TestDatabase.queryLong("select count(*) from email_tokens where user_id = ?::uuid", id));
        AuthFlowTest.login(email, PASSWORD).then().statusCode(200);
        // the token was not used up by the refused attempts
        reset(token, NEW_PASSWORD).then().statusCode(204);
    }

    @Test
    void mailRequestsAreThrottledPerEmailAddressAndPerClientAddressAlikeForUnknownEmails() {
        String email = AuthFlowTest.uniqueEmail();
        AuthFlowTest.register(email);
        String unknown = AuthFlowTest.uniqueEmail();
        for (int i = 0; i < 5; i++) {
            request(email, newAddress()).then().statusCode(202);
            request(unknown, newAddress()).then().statusCode(202);
        }
        Response refused = request(email, newAddress());
        refused.then().statusCode(429).contentType("application/problem+json").header("Retry-After", notNullValue());
        assertTrue(Long.parseLong(refused.header("Retry-After")) > 0);
        assertEquals(refused.asString(), request(unknown, newAddress()).then().statusCode(429).extract().asString());
        MailedTokens.awaitMail(mailbox, email, MailedTokens.RESET_SUBJECT, 5);

        String address = newAddress();
        for (int i = 0; i < 20; i++) {
            request(AuthFlowTest.uniqueEmail(), address).then().statusCode(202);
        }
        request(AuthFlowTest.uniqueEmail(), address).then().statusCode(429).header("Retry-After", notNullValue());
        request(AuthFlowTest.uniqueEmail(), newAddress()).then().statusCode(202);

        // a signed-in user's verification resends count against the same budget of their address
        String other = AuthFlowTest.uniqueEmail();
        AuthFlowTest.register(other);
        String accessToken = AuthFlowTest.login(other, PASSWORD).then().statusCode(200).extract().path("accessToken");
        for (int i = 0; i < 5; i++) {
            resend(accessToken, newAddress()).then().statusCode(202);
        }
        resend(accessToken, newAddress()).then().statusCode(429).header("Retry-After", notNullValue());
    }

    /** A client address no other test uses (the tests trust X-Forwarded-For from loopback). */
    static String newAddress() {
        int n = ADDRESSES.incrementAndGet();
        return "198.51." + (100 + n / 250) + "." + (1 + n % 250);
    }

    static Response request(String email, String address) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", address)
                .body("{\"email\":\"" + email + "\"}").when().post("/auth/password-reset/request");
    }

    static Response reset(String token, String newPassword) {
        return given().contentType(ContentType.JSON).body("{\"token\":\"" + token + "\",\"newPassword\":\"" + newPassword + "\"}")
                .when().post("/auth/password-reset");
    }

    private static Response resend(String accessToken, String address) {
        return given().auth().oauth2(accessToken).header("X-Forwarded-For", address)
                .when().post("/api/users/me/verify-email/resend");
    }
}
