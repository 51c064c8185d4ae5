package dev.agora.common.keys;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.jwt.util.ResourceUtils;

/**
 * The RSA keys a configured key value holds, as {@link KeyFingerprint}s: PEM ({@code PUBLIC KEY} or PKCS#8
 * {@code PRIVATE KEY} blocks), base64 DER without the PEM lines, a JWK or a JWK set. What cannot be parsed yields
 * nothing: the service reading the key reports that itself.
 */
final class KeyMaterial {
    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final ObjectMapper JSON = new ObjectMapper();

    private KeyMaterial() {
    }

    /**
     * The text at a key location (a file path, {@code file:} or {@code classpath:}), as smallrye-jwt reads it; empty
     * for remote locations (an issuer's JWKS URL is not fetched for this) and for locations that cannot be read.
     */
    static Optional<String> read(String location) {
        String lower = location.strip().toLowerCase(Locale.ROOT);
        if (lower.startsWith("http:") || lower.startsWith("https:")) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(ResourceUtils.readResource(location.strip()));
        } catch (Exception unreadable) {
            return Optional.empty();
        }
    }

    static Set<String> rsaFingerprints(String text) {
        Set<String> fingerprints = new LinkedHashSet<>();
        String trimmed = text.strip();
        if (trimmed.startsWith("{")) {
            jwkFingerprints(trimmed, fingerprints);
            return fingerprints;
        }
        Matcher pem = PEM.matcher(trimmed);
        boolean anyBlock = false;
        while (pem.find()) {
            anyBlock = true;
            derFingerprint(pem.group(2), pem.group(1).equals("PRIVATE KEY")).ifPresent(fingerprints::add);
        }
        if (!anyBlock) {
            derFingerprint(trimmed, false).or(() -> derFingerprint(trimmed, true)).ifPresent(fingerprints::add);
        }
        return fingerprints;
    }

    /** The fingerprint of a base64 AES key, or empty when it is not base64. */
    static Optional<String> secretFingerprint(String base64) {
        try {
            return Optional.of(KeyFingerprint.ofSecretKey(Base64.getDecoder().decode(base64.strip())));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    private static Optional<String> derFingerprint(String base64, boolean isPrivate) {
        try {
            byte[] der = Base64.getMimeDecoder().decode(base64);
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            return isPrivate ? KeyFingerprint.ofPrivateKey(rsa.generatePrivate(new PKCS8EncodedKeySpec(der)))
                    : Optional.of(KeyFingerprint.ofPublicKey(rsa.generatePublic(new X509EncodedKeySpec(der))));
        } catch (IllegalArgumentException | GeneralSecurityException notThisKind) {
            return Optional.empty();
        }
    }

    private static void jwkFingerprints(String json, Set<String> into) {
        try {
            JsonNode root = JSON.readTree(json);
            Iterable<JsonNode> keys = root.has("keys") ? root.get("keys") : List.of(root);
            for (JsonNode jwk : keys) {
                if ("RSA".equals(jwk.path("kty").asText()) && jwk.hasNonNull("n") && jwk.hasNonNull("e")) {
                    into.add(KeyFingerprint.ofPublicKey(KeyFingerprint.rsaPublicKey(unsigned(jwk.get("n").asText()),
                            unsigned(jwk.get("e").asText()))));
                }
            }
        } catch (Exception notAJwk) {
            // nothing recognisable
        }
    }

    private static BigInteger unsigned(String base64Url) {
        return new BigInteger(1, Base64.getUrlDecoder().decode(base64Url));
    }
}
