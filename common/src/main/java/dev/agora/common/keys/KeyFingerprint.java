package dev.agora.common.keys;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.HexFormat;
import java.util.Optional;

/**
 * SHA-256 fingerprints that identify a key without revealing it: of the X.509 (SubjectPublicKeyInfo) DER encoding for
 * a public key, the same as {@code openssl pkey -pubin -outform DER | sha256sum}, and of the raw bytes for a secret
 * key. A private RSA key is identified by its public half, so a signing key and its verification key match.
 */
public final class KeyFingerprint {
    private KeyFingerprint() {
    }

    public static String ofPublicKey(PublicKey key) {
        return sha256(key.getEncoded());
    }

    /** The fingerprint of the private key's public half, if it can be derived (RSA CRT keys, what PKCS#8 holds). */
    public static Optional<String> ofPrivateKey(PrivateKey key) {
        if (!(key instanceof RSAPrivateCrtKey rsa)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ofPublicKey(rsaPublicKey(rsa.getModulus(), rsa.getPublicExponent())));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    public static String ofSecretKey(byte[] key) {
        return sha256(key);
    }

    static PublicKey rsaPublicKey(BigInteger modulus, BigInteger exponent) throws GeneralSecurityException {
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
