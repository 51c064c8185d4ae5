package dev.agora.gateway;

import static dev.agora.gateway.EmailVerificationTest.claims;
import static dev.agora.gateway.EmailVerificationTest.verify;
import static dev.agora.gateway.OrganizationsTest.addMember;
import static dev.agora.gateway.OrganizationsTest.createOrg;
import static dev.agora.gateway.OrganizationsTest.person;
import static dev.agora.gateway.PasswordResetTest.NEW_PASSWORD;
import static dev.agora.gateway.PasswordResetTest.newAddress;
import static dev.agora.gateway.PasswordResetTest.request;
import static dev.agora.gateway.PasswordResetTest.reset;
import static dev.agora.gateway.SensitiveOperationsTest.KEY;
import static dev.agora.gateway.SensitiveOperationsTest.TWENTY_MINUTES;
import static dev.agora.gateway.SensitiveOperationsTest.as;
import static dev.agora.gateway.SensitiveOperationsTest.keysOf;
import static dev.agora.gateway.SensitiveOperationsTest.reauthenticationRequired;
import static dev.agora.gateway.SignIns.PASSWORD;
import static dev.agora.gateway.TokenSecurityTest.EXTERNAL;
import static dev.agora.gateway.TokenSecurityTest.EXTERNAL_AUDIENCE;
import static dev.agora.gateway.TokenSecurityTest.EXTERNAL_ISSUER;
import static dev.agora.gateway.TokenSecurityTest.now;
import static dev.agora.gateway.TokenSecurityTest.payload;
import static dev.agora.gateway.TokenSecurityTest.rs256;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.common.events.Audience;
import dev.agora.gateway.OrganizationsTest.Person;
import dev.agora.gateway.SignIns.SignIn;
import dev.agora.gateway.auth.ExternalIdpConfig;
import dev.agora.gateway.auth.service.RandomSecrets;
import dev.agora.gateway.auth.service.SigningKeys;
import dev.agora.gateway.auth.service.TokenVerifier;
import dev.agora.testsupport.EventContracts;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.ManagementInterface;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TestDatabase;
import dev.agora.testsupport.TestTokens;
import dev.agora.testsupport.TopicReader;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The gateway's security holes, each replayed here so that this class fails if one reopens (edge and detail cases stay
 * with the tests of their feature):
 * <ol type="a">
 * <li>An access token dies with its session: after a logout, a revoked session, a password change, a deactivation, a
 * deletion or a reused refresh token, the session's tokens are refused at once at the edge and at the gateway's own
 * endpoints (on every replica within seconds), and {@code agora.session.revoked.v1}, seen by the user alone, tells
 * every service.</li>
 * <li>A stolen access token is not enough for what outlives its session: creating an API key or deleting the account
 * needs the password, or a sign-in younger than five minutes ({@code auth_time}); a password change revokes the
 * user's API keys unless they keep them ({@code keepApiKeys}).</li>
 * <li>Anyone could register any address: it counts as verified ({@code email_verified} in tokens, the profile) only
 * once the mailed link is used; a password reset through the mailed link ends every session, and asking for one
 * answers an unknown address identically, as quickly, and mails nothing.</li>
 * <li>Health, metrics, OpenAPI and Swagger UI answer 404 on the gateway's main port, signed in or not: they are served
 * on the management interface only.</li>
 * <li>External OpenID Connect issuer: its roles grant groups only through the allow-list, its subjects never become
 * a local user's id, and its key set must come over {@code https://} (anything else fails the start-up).</li>
 * <li>Nobody sees another member's private things: organization events reach the organization's members and nobody
 * else, a user's own events (a session ended) the user alone.</li>
 * </ol>
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

    @Inject
    MockMailbox mailbox;

    @Inject
    SigningKeys signingKeys;

    @Inject
    ExternalIdpConfig externalIdp;

    @BeforeAll
    static void subscribe() {
        identityTopic = TopicReader.of("identity.v1");
    }

    @AfterAll
    static void close() {
        identityTopic.close();
    }

    // --- (a) an access token dies with its session

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

    // --- (b) a fresh authentication for what outlives a session

    @Test
    void aTwentyMinuteOldSignInCannotMintAnApiKeyWithoutThePassword() {
        SignIn ada = SignIns.newAccount();
        String stale = ada.staleToken(TWENTY_MINUTES);

        reauthenticationRequired(as(stale).body(KEY.formatted("")).post("/api/users/me/api-keys"),
                "is required: your sign-in is older than 5 minutes");
        reauthenticationRequired(as(stale).body(KEY.formatted(",\"password\":\"not my password\"")).post("/api/users/me/api-keys"),
                "is not your current password");
        // a token without auth_time (issued before it existed, or not by a sign-in) is no fresh authentication either
        reauthenticationRequired(as(TestTokens.forUser(UUID.fromString(ada.userId()))).body(KEY.formatted(""))
                .post("/api/users/me/api-keys"), "is required: your sign-in is older than 5 minutes");
        assertEquals(0, keysOf(ada));

        as(stale).body(KEY.formatted(",\"password\":\"" + SignIns.PASSWORD + "\"")).post("/api/users/me/api-keys")
                .then().statusCode(201).body("key", notNullValue()).body("password", nullValue());
        assertEquals(1, keysOf(ada));
    }

    @Test
    void deletingTheAccountNeedsAFreshAuthentication() {
        SignIn ada = SignIns.newAccount();
        String stale = ada.staleToken(TWENTY_MINUTES);

        reauthenticationRequired(as(stale).delete("/api/users/me"), "is required: your sign-in is older than 5 minutes");
        reauthenticationRequired(as(stale).body("{\"password\":\"not my password\"}").delete("/api/users/me"),
                "is not your current password");
        as(stale).get("/api/users/me").then().statusCode(200);

        as(stale).body("{\"password\":\"" + SignIns.PASSWORD + "\"}").delete("/api/users/me").then().statusCode(204);
        // a fresh sign-in needs no password, nor a body at all
        given().auth().oauth2(SignIns.newAccount().accessToken()).delete("/api/users/me").then().statusCode(204);
    }

    @Test
    void changingThePasswordRevokesMyApiKeysUnlessIKeepThem() {
        SignIn ada = SignIns.newAccount();
        String slug = "keys-" + UUID.randomUUID().toString().substring(0, 8);
        ada.as().body("{\"slug\":\"" + slug + "\",\"name\":\"Org\"}").post("/api/orgs").then().statusCode(201);
        ada = SignIns.again(ada);
        String mine = createKey(ada.as(), "/api/users/me/api-keys");
        String organizations = createKey(ada.as(), "/api/orgs/" + slug + "/api-keys");
        SignIn bob = SignIns.newAccount();
        String bobs = createKey(bob.as(), "/api/users/me/api-keys");

        ada.as().body("{\"currentPassword\":\"" + SignIns.PASSWORD + "\",\"newPassword\":\"a much better passphrase\"}")
                .post("/api/users/me/password").then().statusCode(204);
        bob.as().body("{\"currentPassword\":\"" + SignIns.PASSWORD + "\",\"newPassword\":\"a much better passphrase\","
                + "\"keepApiKeys\":true}").post("/api/users/me/password").then().statusCode(204);

        // the edge reuses a key lookup for api-key-cache-ttl (1 s in tests)
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().header("X-API-Key", mine)
                .get("/api/agents/mine").then().statusCode(401));
        ada.as().get("/api/users/me/api-keys").then().statusCode(200).body("[0].revokedAt", notNullValue());
        // the organization's key is the organization's, not the user's
        given().header("X-API-Key", organizations).get("/api/agents/mine").then().statusCode(200);
        given().header("X-API-Key", bobs).get("/api/agents/mine").then().statusCode(200);
        bob.as().get("/api/users/me/api-keys").then().statusCode(200).body("[0].revokedAt", nullValue());
    }

    // --- (c) verified addresses, password reset

    @Test
    void registrationMailsALinkAndOpeningItVerifiesTheAddressInTheProfileAndInTokens() throws Exception {
        String email = AuthFlowTest.uniqueEmail();
        AuthFlowTest.register(email);
        Mail mail = MailedTokens.awaitMail(mailbox, email, MailedTokens.VERIFICATION_SUBJECT, 1);
        String token = MailedTokens.tokenOf(mail);
        assertTrue(mail.getText().contains("https://app.agora.test/verify-email#token=" + token), mail.getText());
        assertEquals(43, token.length());

        JsonPath before = AuthFlowTest.login(email, PASSWORD).then().statusCode(200).extract().jsonPath();
        assertEquals(false, claims(before.getString("accessToken")).path("email_verified").asBoolean(true));
        given().auth().oauth2(before.getString("accessToken")).get("/api/users/me").then().statusCode(200)
                .body("emailVerified", equalTo(false));

        verify(token).then().statusCode(204);

        given().auth().oauth2(before.getString("accessToken")).get("/api/users/me").then().statusCode(200)
                .body("emailVerified", equalTo(true));
        String refreshed = given().contentType(ContentType.JSON)
                .body("{\"refreshToken\":\"" + before.getString("refreshToken") + "\"}").when().post("/auth/refresh")
                .then().statusCode(200).extract().path("accessToken");
        assertTrue(claims(refreshed).path("email_verified").asBoolean());
        String signedIn = AuthFlowTest.login(email, PASSWORD).then().statusCode(200).extract().path("accessToken");
        assertTrue(claims(signedIn).path("email_verified").asBoolean());
        // the token is stored only as its SHA-256, and works once
        assertEquals(0, TestDatabase.queryLong("select count(*) from email_tokens where token_hash = ?", token));
        assertEquals(1, TestDatabase.queryLong("select count(*) from email_tokens where token_hash = ? and used_at is not null",
                RandomSecrets.sha256(token)));
        verify(token).then().statusCode(400).body("errors[0].field", equalTo("token"));
    }

    @Test
    void aForgottenPasswordIsResetThroughTheMailedLinkAndEverySessionEnds() {
        String email = AuthFlowTest.uniqueEmail();
        AuthFlowTest.register(email);
        String laptop = AuthFlowTest.login(email, PASSWORD).then().statusCode(200).extract().path("refreshToken");
        String phone = AuthFlowTest.login(email, PASSWORD).then().statusCode(200).extract().path("refreshToken");

        request(email, newAddress()).then().statusCode(202).contentType(ContentType.JSON)
                .body("message", equalTo("if an account uses this email address, a reset link is on its way to it"));
        Mail mail = MailedTokens.awaitMail(mailbox, email, MailedTokens.RESET_SUBJECT, 1);
        String token = MailedTokens.tokenOf(mail);
        assertTrue(mail.getText().contains("https://app.agora.test/reset-password#token=" + token), mail.getText());

        reset(token, NEW_PASSWORD).then().statusCode(204);

        AuthFlowTest.refresh(laptop).then().statusCode(401);
        AuthFlowTest.refresh(phone).then().statusCode(401);
        AuthFlowTest.login(email, PASSWORD).then().statusCode(401);
        String accessToken = AuthFlowTest.login(email, NEW_PASSWORD).then().statusCode(200).extract().path("accessToken");
        // the link reached the owner of the address: it is verified too
        given().auth().oauth2(accessToken).get("/api/users/me").then().statusCode(200).body("emailVerified", equalTo(true));
        reset(token, "yet another passphrase").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("token")));
        AuthFlowTest.login(email, NEW_PASSWORD).then().statusCode(200);
    }

    @Test
    void anUnknownEmailGetsTheIdenticalAnswerAsQuicklyAndNoMail() {
        String known = AuthFlowTest.uniqueEmail();
        AuthFlowTest.register(known);
        String unknown = AuthFlowTest.uniqueEmail();

        long knownMillis = Long.MAX_VALUE;
        long unknownMillis = Long.MAX_VALUE;
        ExtractableResponse<Response> forKnown = null;
        ExtractableResponse<Response> forUnknown = null;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            forKnown = request(known, newAddress()).then().extract();
            knownMillis = Math.min(knownMillis, (System.nanoTime() - start) / 1_000_000);
            start = System.nanoTime();
            forUnknown = request(unknown, newAddress()).then().extract();
            unknownMillis = Math.min(unknownMillis, (System.nanoTime() - start) / 1_000_000);
        }

        assertEquals(202, forKnown.statusCode());
        assertEquals(forKnown.statusCode(), forUnknown.statusCode());
        assertEquals(forKnown.contentType(), forUnknown.contentType());
        assertEquals(forKnown.asString(), forUnknown.asString());
        // neither answer waits for the lookup or the mail: both cost the same two throttle updates
        assertTrue(Math.abs(knownMillis - unknownMillis) < 250, "known " + knownMillis + " ms, unknown " + unknownMillis + " ms");
        MailedTokens.awaitMail(mailbox, known, MailedTokens.RESET_SUBJECT, 3);
        assertEquals(List.of(), mailbox.getMailsSentTo(unknown) == null ? List.of() : mailbox.getMailsSentTo(unknown));
        assertEquals(0, TestDatabase.queryLong("select count(*) from email_tokens where email = ?", unknown));
    }

    // --- (d) the management interface only

    @Test
    void healthMetricsOpenApiAndSwaggerUiAnswer404OnTheMainPortSignedInOrNot() {
        String accessToken = SignIns.newAccount().accessToken();
        for (String path : List.of("/q/health", "/q/health/ready", "/q/health/live", "/q/metrics", "/q/openapi",
                "/q/swagger-ui/")) {
            given().get(path).then().statusCode(404);
            given().auth().oauth2(accessToken).get(path).then().statusCode(404);
        }
        // they are served on the management interface, which is neither routed from outside nor proxied
        ManagementInterface.given().get("/q/health/live").then().statusCode(200);
        ManagementInterface.given().get("/q/metrics").then().statusCode(200);
        ManagementInterface.given().accept("application/json").get("/q/openapi").then().statusCode(200);
        // Swagger UI (dev and test builds only) is on the management interface too
        ManagementInterface.given().get("/q/swagger-ui/").then().statusCode(200);
    }

    // --- (e) the external OpenID Connect issuer

    @Test
    void anIdpRoleNamedAdminGrantsNothingWhenTheAllowListDoesNotMapIt() throws Exception {
        String external = rs256(EXTERNAL, "external-test-key", "{\"iss\":\"" + EXTERNAL_ISSUER + "\",\"aud\":\""
                + EXTERNAL_AUDIENCE + "\",\"sub\":\"keycloak-admin\",\"realm_access\":{\"roles\":[\"admin\",\"ingestor\","
                + "\"payments\"]},\"exp\":" + (now() + 300) + "}");

        JsonNode claims = forwardedClaims(external);

        assertEquals("[]", claims.path("groups").toString());
    }

    @Test
    void anExternalSubjectEqualToALocalUserIdDoesNotActAsThatUser() throws Exception {
        String localUser = AuthFlowTest.register(AuthFlowTest.uniqueEmail());
        String external = rs256(EXTERNAL, "external-test-key", "{\"iss\":\"" + EXTERNAL_ISSUER + "\",\"aud\":\""
                + EXTERNAL_AUDIENCE + "\",\"sub\":\"" + localUser + "\",\"exp\":" + (now() + 300) + "}");

        String subject = forwardedClaims(external).path("sub").asText();

        assertNotEquals(localUser, subject);
        assertEquals(UUID.nameUUIDFromBytes((EXTERNAL_ISSUER + "|" + localUser).getBytes(StandardCharsets.UTF_8)).toString(),
                subject);
        assertEquals(3, UUID.fromString(subject).version(), "name-based, never a random (local) id");
    }

    @Test
    void anHttpKeySetIsRefusedAtStartUpWithTheReason() {
        for (String location : new String[] { "http://keycloak.example.org/certs", "HTTP://keycloak.example.org/certs",
                " http://keycloak.example.org/certs", "ftp://keys.example.org/jwks.json" }) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> new TokenVerifier(signingKeys, externalIdpWithKeySetAt(location), "https://agora.dev", "agora"));
            assertTrue(refused.getMessage().startsWith("agora.gateway.external-idp.jwks-location must be an https:// URL"),
                    refused.getMessage());
        }
    }

    // --- (f) nobody sees another member's private things

    @Test
    void organizationEventsConformToTheirSchemasAndReachOnlyTheOrganizationsMembers() throws Exception {
        Person admin = person();
        Person bob = person();
        String slug = createOrg(admin);
        String orgId = admin.as().when().get("/api/orgs/" + slug).then().statusCode(200).extract().path("id");
        addMember(admin, slug, bob, "viewer");
        admin.as().body("{\"role\":\"agent_manager\"}").when().patch("/api/orgs/" + slug + "/members/" + bob.id())
                .then().statusCode(200);
        bob.as().when().delete("/api/orgs/" + slug + "/members/" + bob.id()).then().statusCode(204);

        List<TopicReader.Received> events = identityTopic.awaitCount(r -> orgId.equals(r.key()), 5, Duration.ofSeconds(20));
        assertEquals(List.of("agora.org.created.v1", "agora.org.member-added.v1", "agora.org.member-added.v1",
                "agora.org.member-role-changed.v1", "agora.org.member-removed.v1"),
                events.stream().map(r -> r.header("ce_type")).toList(), "one key, so in the order they happened");
        for (TopicReader.Received event : events) {
            assertEquals("/gateway", event.header("ce_source"));
            assertEquals(orgId, event.header("ce_subject"));
            assertEquals("application/json", event.header("content-type"));
            UUID.fromString(event.header("ce_id"));
            assertEquals(List.of(), CONTRACTS.violations("identity.v1", event.header("ce_type"), event.value()),
                    event.value());
            JsonNode body = JSON.readTree(event.value());
            assertEquals(orgId, body.path("organizationId").asText());
            assertEquals(slug, body.path("slug").asText());
            Audience audience = Audience.fromJson(event.header(Audience.HEADER));
            assertTrue(audience.admits(UUID.randomUUID(), Map.of(slug, "viewer")), "the organization's members");
            assertFalse(audience.admits(UUID.randomUUID(), Map.of("other-org", "admin")), "nobody else");
            assertFalse(audience.admits(UUID.randomUUID(), Map.of()), "nobody else");
        }
        JsonNode created = JSON.readTree(events.get(0).value());
        assertEquals(admin.id(), created.path("createdBy").asText());
        JsonNode creatorAdded = JSON.readTree(events.get(1).value());
        assertEquals(Map.of("userId", admin.id(), "role", "admin"),
                Map.of("userId", creatorAdded.path("userId").asText(), "role", creatorAdded.path("role").asText()));
        JsonNode added = JSON.readTree(events.get(2).value());
        assertEquals(bob.id(), added.path("userId").asText());
        assertEquals("viewer", added.path("role").asText());
        assertEquals(admin.id(), added.path("grantedBy").asText());
        JsonNode changed = JSON.readTree(events.get(3).value());
        assertEquals("agent_manager", changed.path("role").asText());
        assertEquals("viewer", changed.path("previousRole").asText());
        JsonNode removed = JSON.readTree(events.get(4).value());
        assertEquals(bob.id(), removed.path("userId").asText());
        assertEquals("agent_manager", removed.path("role").asText());
        assertEquals(bob.id(), removed.path("removedBy").asText(), "bob left");
    }

    // --- helpers

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

    private static String createKey(RequestSpecification as, String path) {
        return as.body(KEY.formatted("")).post(path).then().statusCode(201).extract().path("key");
    }

    /** The claims of the internal token the edge forwards for a token it accepted. */
    private static JsonNode forwardedClaims(String token) throws Exception {
        String forwarded = given().auth().oauth2(token).get("/api/agents/x").then().statusCode(200).extract().jsonPath()
                .getString("headers.authorization").substring("Bearer ".length());
        return JSON.readTree(payload(forwarded));
    }

    /** The test profile's external issuer, with its key set at {@code location}. */
    private ExternalIdpConfig externalIdpWithKeySetAt(String location) {
        return (ExternalIdpConfig) Proxy.newProxyInstance(ExternalIdpConfig.class.getClassLoader(),
                new Class<?>[] { ExternalIdpConfig.class }, (proxy, method, args) -> "jwksLocation".equals(method.getName())
                        ? Optional.of(location) : method.invoke(externalIdp, args));
    }
}
