package dev.agora.gateway.auth.service;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.Startup;
import io.smallrye.jwt.util.KeyUtils;
import io.smallrye.jwt.util.ResourceUtils;

/**
 * The RS256 key pair: the private half signs access tokens, the public half (the one every service verifies
 * with) is published as a JWK. Both are read once at start-up, and a pair that does not match stops the start.
 */
@Startup
@Singleton
public class SigningKeys {
    /** A public key tokens may be signed with, and its {@code kid}. */
    public record VerificationKey(String keyId, RSAPublicKey key) {
        public String modulus() {
            return base64Url(key.getModulus());
        }

        public String exponent() {
            return base64Url(key.getPublicExponent());
        }
    }

    private final PrivateKey privateKey;
    private final RSAPublicKey publicKey;
    private final String keyId;
    private final List<VerificationKey> verificationKeys;

    public SigningKeys(Optional<String> privateLocation, Optional<String> publicLocation) {
        this(privateLocation, publicLocation, Optional.empty());
    }

    /**
     * @param previousPublicLocation the public half of the key signed with before the last rotation: still
     *        published and accepted (by {@code kid}) until the tokens it signed have expired
     */
    @Inject
    public SigningKeys(@ConfigProperty(name = "smallrye.jwt.sign.key.location") Optional<String> privateLocation,
            @ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> publicLocation,
            @ConfigProperty(name = "agora.gateway.auth.previous-public-key-location") Optional<String> previousPublicLocation) {
        this.privateKey = read(privateLocation, "smallrye.jwt.sign.key.location (AGORA_JWT_PRIVATE_KEY_LOCATION)", true);
        PublicKey key = read(publicLocation, "mp.jwt.verify.publickey.location (AGORA_JWT_PUBLIC_KEY_LOCATION)", false);
        if (!(key instanceof RSAPublicKey rsa)) {
            throw new IllegalStateException("the token verification key must be an RSA public key");
        }
        this.publicKey = rsa;
        checkPair(privateKey, publicKey);
        this.keyId = thumbprint(publicKey);
        List<VerificationKey> keys = new ArrayList<>(List.of(new VerificationKey(keyId, publicKey)));
        if (previousPublicLocation.filter(value -> !value.isBlank()).isPresent()) {
            PublicKey previous = read(previousPublicLocation,
                    "agora.gateway.auth.previous-public-key-location (AGORA_JWT_PREVIOUS_PUBLIC_KEY_LOCATION)", false);
            if (!(previous instanceof RSAPublicKey previousRsa)) {
                throw new IllegalStateException("the previous token verification key must be an RSA public key");
            }
            String previousId = thumbprint(previousRsa);
            if (!previousId.equals(keyId)) {
                keys.add(new VerificationKey(previousId, previousRsa));
            }
        }
        this.verificationKeys = List.copyOf(keys);
    }

    /** The current key first, then the previous one when configured. */
    public List<VerificationKey> verificationKeys() {
        return verificationKeys;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public RSAPublicKey publicKey() {
        return publicKey;
    }

    /** The {@code kid}: the key's RFC 7638 JWK thumbprint, so it changes exactly when the key does. */
    public String keyId() {
        return keyId;
    }

    public String modulus() {
        return base64Url(publicKey.getModulus());
    }

    public String exponent() {
        return base64Url(publicKey.getPublicExponent());
    }

    @SuppressWarnings("unchecked")
    private static <K> K read(Optional<String> location, String property, boolean isPrivate) {
        String where = location.filter(value -> !value.isBlank())
                .orElseThrow(() -> new IllegalStateException("no token key configured: set " + property));
        try {
            // a file path, file:, classpath: or http(s): location, like smallrye-jwt's own
            String pem = ResourceUtils.readResource(where);
            if (pem == null) {
                throw new IllegalStateException("nothing found at " + where);
            }
            return (K) (isPrivate ? KeyUtils.decodePrivateKey(pem) : KeyUtils.decodePublicKey(pem));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the key at " + where + " (" + property + ")", e);
        }
    }

    private static void checkPair(PrivateKey privateKey, PublicKey publicKey) {
        try {
            byte[] probe = "agora-key-pair-check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(publicKey);
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new IllegalStateException("the signing key does not match the published verification key");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the token keys are not a usable RS256 pair", e);
        }
    }

    private static String thumbprint(RSAPublicKey key) {
        String canonical = "{\"e\":\"" + base64Url(key.getPublicExponent()) + "\",\"kty\":\"RSA\",\"n\":\""
                + base64Url(key.getModulus()) + "\"}";
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** JWK integers are unsigned big-endian: drop the sign byte BigInteger may add. */
    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
