package dev.agora.common.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallationKeysTest {
    @TempDir
    Path home;

    @Test
    void firstStartGeneratesAnRsaPairAndTwoAesKeysReadableOnlyByTheOwner() throws Exception {
        InstallationKeys keys = InstallationKeys.ensure(home.resolve("keys"));

        assertTrue(keys.generated());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.directory())));
        for (String file : List.of(InstallationKeys.JWT_PRIVATE_KEY, InstallationKeys.JWT_PUBLIC_KEY,
                InstallationKeys.AGENTS_SECRET_KEY, InstallationKeys.TRIGGERS_SECRET_KEY)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.directory().resolve(file))),
                    file);
        }
        PrivateKey privateKey = KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(pemBody(keys.jwtPrivateKey(), "PRIVATE KEY")));
        PublicKey publicKey = KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(pemBody(keys.jwtPublicKey(), "PUBLIC KEY")));
        assertEquals(2048, ((RSAPublicKey) publicKey).getModulus().bitLength());
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(privateKey);
        signer.update("token".getBytes(StandardCharsets.US_ASCII));
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(publicKey);
        verifier.update("token".getBytes(StandardCharsets.US_ASCII));
        assertTrue(verifier.verify(signer.sign()), "the public key verifies what the private key signs");

        assertEquals(32, Base64.getDecoder().decode(keys.agentsSecretKey()).length);
        assertEquals(32, Base64.getDecoder().decode(keys.triggersSecretKey()).length);
        assertNotEquals(keys.agentsSecretKey(), keys.triggersSecretKey());
    }

    @Test
    void laterStartsKeepTheKeys() throws Exception {
        InstallationKeys first = InstallationKeys.ensure(home.resolve("keys"));
        String privatePem = Files.readString(first.jwtPrivateKey());

        InstallationKeys second = InstallationKeys.ensure(home.resolve("keys"));

        assertFalse(second.generated());
        assertEquals(privatePem, Files.readString(second.jwtPrivateKey()));
        assertEquals(first.agentsSecretKey(), second.agentsSecretKey());
        assertEquals(first.triggersSecretKey(), second.triggersSecretKey());
    }

    @Test
    void everyInstallationHasKeysOfItsOwn() throws Exception {
        InstallationKeys one = InstallationKeys.ensure(home.resolve("one"));
        InstallationKeys other = InstallationKeys.ensure(home.resolve("other"));

        assertNotEquals(Files.readString(one.jwtPublicKey()), Files.readString(other.jwtPublicKey()));
        assertNotEquals(one.agentsSecretKey(), other.agentsSecretKey());
    }

    @Test
    void servicesStartingTogetherAgreeOnOneSetOfKeys() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> starts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Callable<String> start = () -> {
                    InstallationKeys keys = InstallationKeys.ensure(home.resolve("keys"));
                    return Files.readString(keys.jwtPublicKey()) + keys.agentsSecretKey() + keys.triggersSecretKey();
                };
                starts.add(pool.submit(start));
            }
            Set<String> seen = new HashSet<>();
            for (Future<String> start : starts) {
                seen.add(start.get());
            }
            assertEquals(1, seen.size());
            try (var entries = Files.list(home)) {
                assertEquals(List.of(home.resolve("keys")), entries.toList(), "no staging directory is left behind");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aMissingKeyFileIsNamedInsteadOfReplacedSilently() throws Exception {
        InstallationKeys keys = InstallationKeys.ensure(home.resolve("keys"));
        Files.delete(keys.directory().resolve(InstallationKeys.TRIGGERS_SECRET_KEY));

        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> InstallationKeys.ensure(home.resolve("keys")));

        assertTrue(missing.getMessage().contains(InstallationKeys.TRIGGERS_SECRET_KEY), missing.getMessage());
        assertTrue(missing.getMessage().contains("delete"), missing.getMessage());
    }

    @Test
    void generatedKeysAreNoKnownDevelopmentKey() {
        InstallationKeys keys = InstallationKeys.ensure(home.resolve("keys"));

        assertEquals(List.of(), new DevelopmentKeyGuard(name -> java.util.Optional
                .ofNullable(DevModeKeysConfigSourceFactory.properties(keys).get(name))).findings());
    }

    private static byte[] pemBody(Path file, String type) throws Exception {
        String pem = Files.readString(file);
        assertTrue(pem.startsWith("-----BEGIN " + type + "-----\n"), file + " is a " + type + " PEM");
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    }
}
