package dev.agora.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Signs RS256 access tokens as the gateway does, with the test key pair whose public half the services
 * trust in the test profile ({@code agora-test-keys/public.pem}). JDK crypto only, so it adds no dependency.
 */
public final class TestTokens {
    public static final String ISSUER = "https://agora.dev";
    public static final String AUDIENCE = "agora";
    private static final PrivateKey KEY = load("/agora-test-keys/private.pem");

    private TestTokens() {
    }

    public static String forUser(UUID userId) {
        return forUser(userId, java.util.List.of(), Map.of());
    }

    /** A user whose email address is verified ({@code email_verified: true}), as after the gateway's verification. */
    public static String forUser(UUID userId, Collection<String> groups, Map<String, String> orgs) {
        return forUser(userId, groups, orgs, true, "");
    }

    /** A sign-in's access token, as the gateway issues it: with its session ({@code sid}) and a fresh {@code auth_time}. */
    public static String forSession(UUID userId, UUID sessionId) {
        return forSession(userId, sessionId, Instant.now());
    }

    /** A sign-in's access token whose user proved their password at {@code authTime}. */
    public static String forSession(UUID userId, UUID sessionId, Instant authTime) {
        return forUser(userId, java.util.List.of(), Map.of(), true,
                ",\"sid\":" + quote(sessionId.toString()) + ",\"auth_time\":" + authTime.getEpochSecond());
    }

    /** A user who has not verified their email address yet ({@code email_verified: false}). */
    public static String forUnverifiedUser(UUID userId) {
        return forUser(userId, java.util.List.of(), Map.of(), false, "");
    }

    private static String forUser(UUID userId, Collection<String> groups, Map<String, String> orgs, boolean emailVerified,
            String moreClaims) {
        long now = Instant.now().getEpochSecond();
        String orgsJson = orgs.entrySet().stream()
                .map(e -> quote(e.getKey()) + ":" + quote(e.getValue()))
                .collect(Collectors.joining(",", "{", "}"));
        String groupsJson = groups.stream().map(TestTokens::quote).collect(Collectors.joining(",", "[", "]"));
        String claims = "{\"iss\":" + quote(ISSUER) + ",\"aud\":" + quote(AUDIENCE) + ",\"sub\":" + quote(userId.toString())
                + ",\"upn\":" + quote(userId + "@test.agora.dev") + ",\"email\":" + quote(userId + "@test.agora.dev")
                + ",\"email_verified\":" + emailVerified
                + ",\"groups\":" + groupsJson + ",\"orgs\":" + orgsJson
                + ",\"iat\":" + now + ",\"exp\":" + (now + 900) + ",\"jti\":" + quote(UUID.randomUUID().toString())
                + moreClaims + "}";
        return sign(claims);
    }

    /** Signs arbitrary claims JSON with the test key (for expired, wrong-issuer or malformed token tests). */
    public static String sign(String claimsJson) {
        String header = encode("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
        String signingInput = header + "." + encode(claimsJson);
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(KEY);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static PrivateKey load(String resource) {
        try (InputStream in = TestTokens.class.getResourceAsStream(resource)) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
