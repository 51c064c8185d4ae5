package dev.agora.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;

/**
 * Key rotation, the external issuer, and forged or misdirected tokens refused at the edge. The external issuer's role
 * allow-list, subject namespace and https key set are replayed in {@link GatewaySecurityTest}.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
class TokenSecurityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ISSUER = "https://agora.dev";
    private static final String AUDIENCE = "agora";
    static final String EXTERNAL_ISSUER = "https://idp.example.test/realms/agora";
    static final String EXTERNAL_AUDIENCE = "agora-external";
    private static final PrivateKey CURRENT = privateKey("/agora-test-keys/private.pem");
    private static final PrivateKey PREVIOUS = privateKey("/previous-key/private.pem");
    static final PrivateKey EXTERNAL = privateKey("/external-idp/private.pem");

    // --- rotation

    @Test
    void publishesTwoKeysAndAcceptsTokensOfEitherPickedByKid() throws Exception {
        JsonPath jwks = given().get("/.well-known/jwks.json").then().statusCode(200).extract().jsonPath();
        List<String> kids = jwks.getList("keys.kid");
        assertEquals(2, kids.size());
        assertNotEquals(kids.get(0), kids.get(1));
        String current = rs256(CURRENT, kids.get(0), claims(ISSUER, AUDIENCE, UUID.randomUUID().toString(), 300));
        String previous = rs256(PREVIOUS, kids.get(1), claims(ISSUER, AUDIENCE, UUID.randomUUID().toString(), 300));
        String previousWithoutKid = rs256(PREVIOUS, null, claims(ISSUER, AUDIENCE, UUID.randomUUID().toString(), 300));

        for (String token : List.of(current, previous, previousWithoutKid)) {
            given().auth().oauth2(token).get("/api/agents/x").then().statusCode(200);
        }

        // what a service does with mp.jwt.verify.publickey.location pointing at the JWKS: pick the key by kid
        JWTAuthContextInfo service = new JWTAuthContextInfo();
        service.setPublicKeyContent(given().get("/.well-known/jwks.json").then().extract().asString());
        service.setIssuedBy(ISSUER);
        service.setExpectedAudience(Set.of(AUDIENCE));
        DefaultJWTParser parser = new DefaultJWTParser(service);
        assertEquals(JSON.readTree(payload(current)).path("sub").asText(), parser.parse(current).getSubject());
        assertEquals(JSON.readTree(payload(previous)).path("sub").asText(), parser.parse(previous).getSubject());
    }

    // --- external issuer

    @Test
    void exchangesAnExternalIssuersTokenForAnInternalOneOfTheMappedPrincipal() throws Exception {
        String external = rs256(EXTERNAL, "external-test-key", "{\"iss\":\"" + EXTERNAL_ISSUER + "\",\"aud\":\""
                + EXTERNAL_AUDIENCE + "\",\"sub\":\"auth0|42\",\"email\":\"ext@example.org\",\"realm_access\":{\"roles\":"
                + "[\"chain-indexer\",\"offline_access\"]},\"exp\":" + (now() + 300) + ",\"iat\":" + now() + "}");

        JsonPath echo = given().auth().oauth2(external).get("/api/agents/x").then().statusCode(200).extract().jsonPath();
        String forwarded = echo.getString("headers.authorization").substring("Bearer ".length());
        assertNotEquals(external, forwarded);
        JsonNode claims = JSON.readTree(payload(forwarded));
        assertEquals(ISSUER, claims.path("iss").asText());
        UUID.fromString(claims.path("sub").asText());
        assertEquals(UUID.nameUUIDFromBytes((EXTERNAL_ISSUER + "|auth0|42").getBytes(StandardCharsets.UTF_8)).toString(),
                claims.path("sub").asText());
        assertEquals("ext@example.org", claims.path("email").asText());
        // the role mapping (chain-indexer=ingestor) grants ingestor; offline_access is mapped to nothing
        assertEquals("[\"ingestor\"]", claims.path("groups").toString());
        assertTrue(claims.path("exp").asLong() <= now() + 300);

        // the same subject maps to the same user every time
        String again = rs256(EXTERNAL, "external-test-key", "{\"iss\":\"" + EXTERNAL_ISSUER + "\",\"aud\":\""
                + EXTERNAL_AUDIENCE + "\",\"sub\":\"auth0|42\",\"exp\":" + (now() + 120) + "}");
        String sub = JSON.readTree(payload(given().auth().oauth2(again).get("/api/agents/x").then().statusCode(200)
                .extract().jsonPath().getString("headers.authorization").substring(7))).path("sub").asText();
        assertEquals(claims.path("sub").asText(), sub);
    }

    @Test
    void refusesForeignTokens() {
        long exp = now() + 300;
        // the external issuer's name, somebody else's key
        rejected(rs256(PREVIOUS, "external-test-key", "{\"iss\":\"" + EXTERNAL_ISSUER + "\",\"aud\":\"" + EXTERNAL_AUDIENCE
                + "\",\"sub\":\"x\",\"exp\":" + exp + "}"));
        // the external issuer's key, but meant for another audience
        rejected(rs256(EXTERNAL, "external-test-key", "{\"iss\":\"" + EXTERNAL_ISSUER + "\",\"aud\":\"other-app\","
                + "\"sub\":\"x\",\"exp\":" + exp + "}"));
        // the external key used to claim the gateway's own issuer
        rejected(rs256(EXTERNAL, "external-test-key", claims(ISSUER, AUDIENCE, UUID.randomUUID().toString(), 300)));
        // an issuer nobody configured
        rejected(rs256(EXTERNAL, "external-test-key", "{\"iss\":\"https://evil.example\",\"aud\":\"" + EXTERNAL_AUDIENCE
                + "\",\"sub\":\"x\",\"exp\":" + exp + "}"));
    }

    // --- attacks

    @Test
    void refusesAlgNone() {
        String claims = claims(ISSUER, AUDIENCE, UUID.randomUUID().toString(), 300);
        rejected(encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + encode(claims) + ".");
        rejected(encode("{\"alg\":\"none\"}") + "." + encode(claims));
    }

    @Test
    void refusesHs256SignedWithThePublicKey() throws Exception {
        String publicPem = resource("/agora-test-keys/public.pem");
        String signingInput = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "."
                + encode(claims(ISSUER, AUDIENCE, UUID.randomUUID().toString(), 300));
        for (byte[] secret : List.of(publicPem.getBytes(StandardCharsets.US_ASCII),
                Base64.getMimeDecoder().decode(publicPem.replaceAll("-----[A-Z ]+-----", "")))) {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            rejected(signingInput + "." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII))));
        }
    }

    @Test
    void refusesExpiredTokensAndWrongIssuerOrAudience() {
        String user = UUID.randomUUID().toString();
        rejected(rs256(CURRENT, null, claims(ISSUER, AUDIENCE, user, -120)));
        rejected(rs256(CURRENT, null, claims("https://not-agora.dev", AUDIENCE, user, 300)));
        rejected(rs256(CURRENT, null, claims(ISSUER, "someone-else", user, 300)));
        rejected(rs256(CURRENT, null, "{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"" + user + "\"}"));
    }

    @Test
    void refusesATamperedPayload() {
        String token = rs256(CURRENT, null, claims(ISSUER, AUDIENCE, UUID.randomUUID().toString(), 300));
        given().auth().oauth2(token).get("/api/agents/x").then().statusCode(200);
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + encode(claims(ISSUER, AUDIENCE, UUID.randomUUID().toString(), 300)) + "." + parts[2];
        rejected(forged);
        String withGroups = parts[0] + "." + encode(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"groups\":[]", "\"groups\":[\"admin\"]")) + "." + parts[2];
        rejected(withGroups);
    }

    @Test
    void refusesUnknownKidsAndUnknownKeys() throws Exception {
        String claims = claims(ISSUER, AUDIENCE, UUID.randomUUID().toString(), 300);
        rejected(rs256(CURRENT, "no-such-key", claims));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        PrivateKey stranger = generator.generateKeyPair().getPrivate();
        rejected(rs256(stranger, null, claims));
        String currentKid = given().get("/.well-known/jwks.json").then().extract().path("keys[0].kid");
        rejected(rs256(stranger, currentKid, claims));
        rejected("not.a.jwt");
        rejected("garbage");
    }

    // --- helpers

    private static void rejected(String token) {
        given().auth().oauth2(token).get("/api/agents/x")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("status", equalTo(401));
    }

    private static String claims(String issuer, String audience, String subject, long expiresInSeconds) {
        return "{\"iss\":\"" + issuer + "\",\"aud\":\"" + audience + "\",\"sub\":\"" + subject + "\",\"groups\":[],"
                + "\"iat\":" + now() + ",\"exp\":" + (now() + expiresInSeconds) + "}";
    }

    static String rs256(PrivateKey key, String kid, String claims) {
        String header = kid == null ? "{\"alg\":\"RS256\",\"typ\":\"JWT\"}" : "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}";
        String signingInput = encode(header) + "." + encode(claims);
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String payload(String jwt) {
        return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static long now() {
        return Instant.now().getEpochSecond();
    }

    private static String resource(String name) {
        try (InputStream in = TokenSecurityTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (Exception e) {
            throw new IllegalStateException(name, e);
        }
    }

    private static PrivateKey privateKey(String name) {
        try {
            byte[] der = Base64.getMimeDecoder().decode(resource(name).replaceAll("-----[A-Z ]+-----", ""));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (Exception e) {
            throw new IllegalStateException(name, e);
        }
    }
}
