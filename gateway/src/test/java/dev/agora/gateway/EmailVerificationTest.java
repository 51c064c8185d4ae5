package dev.agora.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;

/**
 * Anyone could register any email address and act with it: registration now mails a one-time link, and the address
 * counts as verified (profile, {@code email_verified} claim) only once the link is opened (replayed in
 * {@link GatewaySecurityTest}); here new links, bad tokens, API keys' and external tokens' {@code email_verified}.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
class EmailVerificationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery";

    @Inject
    MockMailbox mailbox;

    @Test
    void aSignedInUserAsksForANewLinkWhichReplacesTheOldOneUntilTheAddressIsVerified() {
        String email = AuthFlowTest.uniqueEmail();
        AuthFlowTest.register(email);
        String first = MailedTokens.tokenOf(MailedTokens.awaitMail(mailbox, email, MailedTokens.VERIFICATION_SUBJECT, 1));
        String accessToken = AuthFlowTest.login(email, PASSWORD).then().statusCode(200).extract().path("accessToken");

        resend(accessToken).then().statusCode(202).body("message", startsWith("a verification mail is on its way"));
        String second = MailedTokens.tokenOf(MailedTokens.awaitMail(mailbox, email, MailedTokens.VERIFICATION_SUBJECT, 2));

        verify(first).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("token"));
        verify(second).then().statusCode(204);
        resend(accessToken).then().statusCode(409).contentType("application/problem+json");
        given().post("/api/users/me/verify-email/resend").then().statusCode(401);
    }

    @Test
    void aBlankOrUnknownTokenAnswers400OnTokenAndVerifiesNothing() {
        String email = AuthFlowTest.uniqueEmail();
        String id = AuthFlowTest.register(email);
        MailedTokens.awaitMail(mailbox, email, MailedTokens.VERIFICATION_SUBJECT, 1);

        given().contentType(ContentType.JSON).body("{}").when().post("/auth/verify-email")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("token"));
        given().contentType(ContentType.JSON).body("{\"token\": ").when().post("/auth/verify-email")
                .then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{\"token\":[1]}").when().post("/auth/verify-email")
                .then().statusCode(400).contentType("application/problem+json");
        verify("x".repeat(129)).then().statusCode(400).body("errors[0].field", equalTo("token"));
        verify(UUID.randomUUID().toString()).then().statusCode(400).body("errors[0].field", equalTo("token"));

        assertEquals(0, TestDatabase.queryLong("select count(*) from users where id = ?::uuid and email_verified_at is not null", id));
        assertEquals(0, TestDatabase.queryLong("select count(*) from email_tokens where user_id = ?::uuid and used_at is not null", id));
    }

    @Test
    void apiKeysOfAUserOrOfAnOrganizationTheyCreatedCarryTheirVerification() throws Exception {
        String email = AuthFlowTest.uniqueEmail();
        AuthFlowTest.register(email);
        String token = MailedTokens.tokenOf(MailedTokens.awaitMail(mailbox, email, MailedTokens.VERIFICATION_SUBJECT, 1));
        String accessToken = AuthFlowTest.login(email, PASSWORD).then().statusCode(200).extract().path("accessToken");
        String slug = "verified-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(accessToken).contentType(ContentType.JSON).body("{\"slug\":\"" + slug + "\",\"name\":\"Org\"}")
                .when().post("/api/orgs").then().statusCode(201);
        String keys = "{\"name\":\"ci\",\"scopes\":[\"agents:write\"]}";
        String userKey = given().auth().oauth2(accessToken).contentType(ContentType.JSON).body(keys)
                .when().post("/api/users/me/api-keys").then().statusCode(201).extract().path("key");
        String orgKey = given().auth().oauth2(accessToken).contentType(ContentType.JSON).body(keys)
                .when().post("/api/orgs/" + slug + "/api-keys").then().statusCode(201).extract().path("key");

        assertEquals(false, forwardedClaims(userKey).path("email_verified").asBoolean(true));
        assertEquals(false, forwardedClaims(orgKey).path("email_verified").asBoolean(true));

        verify(token).then().statusCode(204);
        // a replica reuses a key lookup for api-key-cache-ttl (1 s in tests)
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertTrue(forwardedClaims(userKey).path("email_verified").asBoolean());
            assertTrue(forwardedClaims(orgKey).path("email_verified").asBoolean());
        });
    }

    @Test
    void anExternalIssuersEmailVerifiedClaimIsCarriedIntoTheInternalToken() throws Exception {
        String key = "external-idp/private.pem";
        for (Object verified : List.of(true, false, "true")) {
            String external = Jwt.issuer("https://idp.example.test/realms/agora").audience("agora-external")
                    .subject("auth0|" + UUID.randomUUID()).claim("email", "ext@example.org")
                    .claim("email_verified", verified).expiresAt(Instant.now().plusSeconds(300))
                    .jws().keyId("external-test-key").sign(key);
            JsonNode claims = forwarded(given().auth().oauth2(external));
            assertEquals(!Boolean.FALSE.equals(verified), claims.path("email_verified").asBoolean(), "for " + verified);
        }
        String withoutClaim = Jwt.issuer("https://idp.example.test/realms/agora").audience("agora-external")
                .subject("auth0|" + UUID.randomUUID()).claim("email", "ext@example.org")
                .expiresAt(Instant.now().plusSeconds(300)).jws().keyId("external-test-key").sign(key);
        assertEquals(false, forwarded(given().auth().oauth2(withoutClaim)).path("email_verified").asBoolean(true));
    }

    private static JsonNode forwardedClaims(String apiKey) throws Exception {
        return forwarded(given().header("X-API-Key", apiKey));
    }

    /** The claims of the internal token the edge forwarded upstream (the stub echoes the request's headers). */
    private static JsonNode forwarded(RequestSpecification request) throws Exception {
        String authorization = request.contentType(ContentType.JSON).body("{}").when().post("/api/agents/x")
                .then().statusCode(200).extract().jsonPath().getString("headers.authorization");
        return claims(authorization.substring("Bearer ".length()));
    }

    static JsonNode claims(String jwt) throws Exception {
        return JSON.readTree(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    static Response verify(String token) {
        return given().contentType(ContentType.JSON).body("{\"token\":\"" + token + "\"}").when().post("/auth/verify-email");
    }

    private static Response resend(String accessToken) {
        return given().auth().oauth2(accessToken).header("X-Forwarded-For", "203.0.113." + (1 + (int) (Math.random() * 250)))
                .when().post("/api/users/me/verify-email/resend");
    }

}
