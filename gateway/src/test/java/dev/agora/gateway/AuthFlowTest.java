package dev.agora.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.common.events.Audience;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
class AuthFlowTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery";
    private static TopicReader identityTopic;

    @Inject
    Pool database;

    @BeforeAll
    static void subscribe() {
        identityTopic = TopicReader.of("identity.v1");
    }

    @AfterAll
    static void close() {
        identityTopic.close();
    }

    @Test
    void registersLogsInAndReadsTheOwnProfile() {
        String email = uniqueEmail();
        String id = given().contentType(ContentType.JSON)
                .body(registration("  " + email.toUpperCase() + " ", PASSWORD, "  Ada Lovelace "))
                .when().post("/auth/register")
                .then().statusCode(201)
                .header("Location", endsWith("/api/users/me"))
                .body("email", equalTo(email))
                .body("displayName", equalTo("Ada Lovelace"))
                .body("createdAt", notNullValue())
                .extract().path("id");

        JsonPath tokens = login(email.toUpperCase(), PASSWORD).then().statusCode(200)
                .body("tokenType", equalTo("Bearer"))
                .body("expiresIn", equalTo(900))
                .body("refreshToken", notNullValue())
                .extract().jsonPath();

        given().auth().oauth2(tokens.getString("accessToken")).when().get("/api/users/me")
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("email", equalTo(email))
                .body("displayName", equalTo("Ada Lovelace"))
                .body("lastLoginAt", notNullValue());
    }

    @Test
    void answersUnauthenticatedProfileReadsWith401Problem() {
        given().when().get("/api/users/me").then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("status", equalTo(401));
    }

    @Test
    void storesOnlyABcryptHashOfThePassword() {
        String email = uniqueEmail();
        register(email);
        String hash = database.preparedQuery("select password_hash from users where email = $1")
                .execute(Tuple.of(email)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getString("password_hash");
        assertTrue(hash.matches("\\$2a\\$1\\d\\$.{53}"), hash);
        assertFalse(hash.contains(PASSWORD));
    }

    @Test
    void publishesUserRegisteredThroughTheOutboxWithCloudEventsHeaders() throws Exception {
        String email = uniqueEmail();
        String id = register(email);

        TopicReader.Received event = identityTopic.await(r -> id.equals(r.key())
                && "agora.user.registered.v1".equals(r.header("ce_type")), Duration.ofSeconds(20));
        assertEquals("1.0", event.header("ce_specversion"));
        assertEquals("/gateway", event.header("ce_source"));
        assertEquals(id, event.header("ce_subject"));
        assertEquals("application/json", event.header("content-type"));
        assertTrue(event.header("ce_time").endsWith("Z"));
        UUID.fromString(event.header("ce_id"));
        JsonNode body = JSON.readTree(event.value());
        assertEquals(id, body.path("userId").asText());
        assertEquals(email, body.path("email").asText());
        assertEquals("Ada", body.path("displayName").asText());
        assertTrue(body.hasNonNull("createdAt"));
        assertFalse(event.value().contains("password"), "the event must not carry credentials");
        assertEquals(Audience.users(UUID.fromString(id)), Audience.fromJson(event.header(Audience.HEADER)),
                "only the user sees their own registration");
        assertEquals(java.util.List.of(), new dev.agora.testsupport.EventContracts(java.nio.file.Path.of("../contracts"))
                .violations("identity.v1", "agora.user.registered.v1", event.value()));
    }

    @Test
    void refusesASecondAccountForTheSameEmailWithConflictOnEmail() {
        String email = uniqueEmail();
        register(email);
        given().contentType(ContentType.JSON).body(registration(email.toUpperCase(), "another password", "Someone"))
                .when().post("/auth/register")
                .then().statusCode(409).contentType("application/problem+json")
                .body("status", equalTo(409))
                .body("errors[0].field", equalTo("email"));
        assertEquals(1, countUsers(email));
    }

    @Test
    void rejectsInvalidRegistrationsNamingEachFieldAndWritesNothing() {
        String email = uniqueEmail();
        rejectsRegistration(registration("not-an-email", PASSWORD, "Ada"), "email");
        rejectsRegistration(registration("ada@nowhere", PASSWORD, "Ada"), "email");
        rejectsRegistration(registration(email, "short-pw9", "Ada"), "password");
        rejectsRegistration(registration(email, "x".repeat(129), "Ada"), "password");
        rejectsRegistration(registration(email, PASSWORD, "   "), "displayName");
        rejectsRegistration(registration(email, PASSWORD, "y".repeat(101)), "displayName");
        given().contentType(ContentType.JSON).body("{}").when().post("/auth/register")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("email", "password", "displayName"));
        given().contentType(ContentType.JSON).body("{\"email\": ").when().post("/auth/register")
                .then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).when().post("/auth/register")
                .then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{\"email\":\"" + email + "\",\"password\":12,\"displayName\":[]}")
                .when().post("/auth/register")
                .then().statusCode(400).contentType("application/problem+json");

        assertEquals(0, countUsers(email));
        assertEquals(0, countUsers("not-an-email"));
        given().contentType(ContentType.JSON).body(registration(email, "x".repeat(128), "Ada"))
                .when().post("/auth/register").then().statusCode(201);
    }

    @Test
    void answersTheSame401ForAWrongPasswordAndAnUnknownEmail() {
        String email = uniqueEmail();
        register(email);

        ExtractableResponse<Response> wrongPassword = login(email, "wrong password!").then().extract();
        ExtractableResponse<Response> unknownEmail = login(uniqueEmail(), PASSWORD).then().extract();

        assertEquals(401, wrongPassword.statusCode());
        assertEquals(401, unknownEmail.statusCode());
        assertEquals("application/problem+json", wrongPassword.contentType());
        assertEquals(wrongPassword.contentType(), unknownEmail.contentType());
        assertEquals(wrongPassword.asString(), unknownEmail.asString());
        assertEquals("invalid email or password", wrongPassword.path("detail"));
        given().contentType(ContentType.JSON).body("{}").when().post("/auth/login")
                .then().statusCode(400).body("errors.field", containsInAnyOrder("email", "password"));
    }

    @Test
    void longPasswordsCountInFull() {
        String email = uniqueEmail();
        String longPassword = "p".repeat(100) + "-tail";
        given().contentType(ContentType.JSON).body(registration(email, longPassword, "Ada"))
                .when().post("/auth/register").then().statusCode(201);
        // bcrypt alone would stop reading after 72 bytes and accept this one too
        login(email, "p".repeat(100) + "-TAIL").then().statusCode(401);
        login(email, longPassword).then().statusCode(200);
    }

    @Test
    void rotatesTheRefreshTokenOnEveryUse() {
        String email = uniqueEmail();
        register(email);
        String first = login(email, PASSWORD).then().statusCode(200).extract().path("refreshToken");

        JsonPath second = refresh(first).then().statusCode(200)
                .body("tokenType", equalTo("Bearer")).body("expiresIn", equalTo(900))
                .extract().jsonPath();
        assertNotEquals(first, second.getString("refreshToken"));
        assertEquals(43, second.getString("refreshToken").length(), "256 bits, base64url");
        given().auth().oauth2(second.getString("accessToken")).when().get("/api/users/me")
                .then().statusCode(200).body("email", equalTo(email));

        String third = refresh(second.getString("refreshToken")).then().statusCode(200).extract().path("refreshToken");
        assertNotEquals(second.getString("refreshToken"), third);
        assertEquals(0, countRows("select count(*) from refresh_tokens where token_hash = $1", first),
                "only the hash of a refresh token is stored");
        assertEquals(1, countRows("select count(*) from refresh_tokens where token_hash = $1", sha256Hex(first)));
    }

    @Test
    void rejectsReuseOfARotatedRefreshTokenAndRevokesItsWholeFamily() {
        String email = uniqueEmail();
        register(email);
        String stolen = login(email, PASSWORD).then().statusCode(200).extract().path("refreshToken");
        String otherSession = login(email, PASSWORD).then().statusCode(200).extract().path("refreshToken");
        String rotated = refresh(stolen).then().statusCode(200).extract().path("refreshToken");

        refresh(stolen).then().statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
        refresh(rotated).then().statusCode(401);
        assertEquals(0, countRows("select count(*) from refresh_tokens where revoked_at is null and family_id ="
                + " (select family_id from refresh_tokens where token_hash = $1)", sha256Hex(stolen)));

        refresh(otherSession).then().statusCode(200);
    }

    @Test
    void rejectsRefreshTokensItNeverIssued() {
        refresh("not-a-token-we-issued").then().statusCode(401).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{}").when().post("/auth/refresh")
                .then().statusCode(400).body("errors[0].field", equalTo("refreshToken"));
    }

    @Test
    void logoutRevokesTheSession() {
        String email = uniqueEmail();
        register(email);
        String refreshToken = login(email, PASSWORD).then().statusCode(200).extract().path("refreshToken");

        given().contentType(ContentType.JSON).body("{\"refreshToken\":\"" + refreshToken + "\"}")
                .when().post("/auth/logout").then().statusCode(204);
        refresh(refreshToken).then().statusCode(401);

        given().contentType(ContentType.JSON).body("{\"refreshToken\":\"unknown\"}")
                .when().post("/auth/logout").then().statusCode(204);
        given().contentType(ContentType.JSON).body("{}").when().post("/auth/logout")
                .then().statusCode(400).body("errors[0].field", equalTo("refreshToken"));
    }

    @Test
    void publishesTheSigningKeyAsJwksAndIssuedTokensVerifyAgainstIt() throws Exception {
        String email = uniqueEmail();
        String id = register(email);
        String accessToken = login(email, PASSWORD).then().statusCode(200).extract().path("accessToken");

        JsonPath jwks = given().when().get("/.well-known/jwks.json").then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("keys.kty", hasItem("RSA"))
                .body("keys[0].use", equalTo("sig"))
                .body("keys[0].alg", equalTo("RS256"))
                .extract().jsonPath();
        String kid = jwks.getString("keys[0].kid");
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                unsigned(jwks.getString("keys[0].n")), unsigned(jwks.getString("keys[0].e"))));

        String[] parts = accessToken.split("\\.");
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(key);
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(verifier.verify(Base64.getUrlDecoder().decode(parts[2])), "signature verifies with the JWKS key");

        JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
        assertEquals("RS256", header.path("alg").asText());
        assertEquals(kid, header.path("kid").asText());
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertEquals("https://agora.dev", claims.path("iss").asText());
        assertTrue(claims.path("aud").isArray() ? claims.path("aud").toString().contains("\"agora\"")
                : "agora".equals(claims.path("aud").asText()), claims.toString());
        assertEquals(id, claims.path("sub").asText());
        assertEquals(email, claims.path("upn").asText());
        assertEquals(email, claims.path("email").asText());
        assertTrue(claims.path("groups").isArray() && claims.path("groups").isEmpty(), claims.toString());
        assertTrue(claims.path("orgs").isObject() && claims.path("orgs").isEmpty(), claims.toString());
        UUID.fromString(claims.path("jti").asText());
        assertEquals(900, claims.path("exp").asLong() - claims.path("iat").asLong());
    }

    private static void rejectsRegistration(String body, String field) {
        given().contentType(ContentType.JSON).body(body).when().post("/auth/register")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", hasItem(field));
    }

    static String register(String email) {
        return given().contentType(ContentType.JSON).body(registration(email, PASSWORD, "Ada"))
                .when().post("/auth/register").then().statusCode(201).extract().path("id");
    }

    static Response login(String email, String password) {
        return given().contentType(ContentType.JSON)
                .body("{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}")
                .when().post("/auth/login");
    }

    static Response refresh(String refreshToken) {
        return given().contentType(ContentType.JSON).body("{\"refreshToken\":\"" + refreshToken + "\"}")
                .when().post("/auth/refresh");
    }

    static String registration(String email, String password, String displayName) {
        return "{\"email\":\"" + email + "\",\"password\":\"" + password + "\",\"displayName\":\"" + displayName + "\"}";
    }

    static String uniqueEmail() {
        return "user-" + UUID.randomUUID().toString().substring(0, 12) + "@example.org";
    }

    private long countUsers(String email) {
        return countRows("select count(*) from users where email = $1", email);
    }

    private long countRows(String sql, String parameter) {
        return database.preparedQuery(sql).execute(Tuple.of(parameter)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
    }

    private static String sha256Hex(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger unsigned(String base64Url) {
        return new BigInteger(1, Base64.getUrlDecoder().decode(base64Url));
    }
}
