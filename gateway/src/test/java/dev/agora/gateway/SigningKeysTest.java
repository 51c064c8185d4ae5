package dev.agora.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.agora.gateway.auth.service.SigningKeys;

/** The key files the launcher and Kubernetes pass as plain paths, not classpath resources. */
class SigningKeysTest {
    @TempDir
    Path dir;

    @Test
    void readsTheKeyPairFromFilePaths() throws Exception {
        Path privateKey = copy("/agora-test-keys/private.pem", "private.pem");
        Path publicKey = copy("/agora-test-keys/public.pem", "public.pem");

        SigningKeys keys = new SigningKeys(Optional.of(privateKey.toString()), Optional.of(publicKey.toString()));
        SigningKeys viaUrl = new SigningKeys(Optional.of(privateKey.toUri().toString()), Optional.of("agora-test-keys/public.pem"));

        assertEquals(43, keys.keyId().length(), "base64url SHA-256 thumbprint");
        assertEquals(keys.keyId(), viaUrl.keyId());
        assertEquals("AQAB", keys.exponent());
    }

    @Test
    void refusesToStartWithoutKeysOrWithKeysThatDoNotMatch() throws Exception {
        Path privateKey = copy("/agora-test-keys/private.pem", "private.pem");
        Path publicKey = copy("/agora-test-keys/public.pem", "public.pem");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        Path otherPublic = dir.resolve("other-public.pem");
        Files.writeString(otherPublic, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");

        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> new SigningKeys(Optional.empty(), Optional.of(publicKey.toString())));
        assertTrue(missing.getMessage().contains("AGORA_JWT_PRIVATE_KEY_LOCATION"), missing.getMessage());
        assertThrows(IllegalStateException.class,
                () -> new SigningKeys(Optional.of(privateKey.toString()), Optional.of(dir.resolve("absent.pem").toString())));
        IllegalStateException mismatch = assertThrows(IllegalStateException.class,
                () -> new SigningKeys(Optional.of(privateKey.toString()), Optional.of(otherPublic.toString())));
        assertTrue(mismatch.getMessage().contains("does not match"), mismatch.getMessage());
    }

    private Path copy(String resource, String name) throws IOException {
        try (InputStream in = SigningKeysTest.class.getResourceAsStream(resource)) {
            Path target = dir.resolve(name);
            Files.writeString(target, new String(in.readAllBytes(), StandardCharsets.US_ASCII));
            return target;
        }
    }
}
