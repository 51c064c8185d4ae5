package dev.agora.common.keys;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The production check against the repository's own keys, and against keys of an installation's own. */
class DevelopmentKeyGuardTest {
    private static final Path TEST_KEYS = Repository.root().resolve("test-support/src/test/resources/agora-test-keys");

    @TempDir
    Path home;

    @Test
    void refusesTheTestKeyPairAsVerificationKeyAndAsSigningKey() {
        List<DevelopmentKeyGuard.Finding> findings = guard(Map.of(
                "mp.jwt.verify.publickey.location", TEST_KEYS.resolve("public.pem").toString(),
                "smallrye.jwt.sign.key.location", "file:" + TEST_KEYS.resolve("private.pem"))).findings();

        assertEquals(List.of("mp.jwt.verify.publickey.location", "smallrye.jwt.sign.key.location"),
                findings.stream().map(DevelopmentKeyGuard.Finding::property).toList());
        assertTrue(findings.get(0).knownKey().contains("test-support"), findings.toString());
    }

    @Test
    void refusesTheFormerCommittedDevelopmentPairFromTheClasspath() {
        assertEquals(List.of("mp.jwt.verify.publickey.location"), properties(guard(Map.of(
                "mp.jwt.verify.publickey.location", "classpath:known-keys/former-dev-public.pem"))));
    }

    @Test
    void refusesAKnownKeyInAnyForm() throws Exception {
        Path gatewayTestKeys = Repository.root().resolve("gateway/src/test/resources");
        String pem = Files.readString(TEST_KEYS.resolve("public.pem"));
        String bareBase64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");

        assertEquals(List.of("mp.jwt.verify.publickey"), properties(guard(Map.of("mp.jwt.verify.publickey", pem))));
        assertEquals(List.of("mp.jwt.verify.publickey"), properties(guard(Map.of("mp.jwt.verify.publickey", bareBase64))));
        assertEquals(List.of("mp.jwt.verify.publickey"), properties(guard(Map.of("mp.jwt.verify.publickey",
                Files.readString(gatewayTestKeys.resolve("external-idp/jwks.json"))))));
        assertEquals(List.of("smallrye.jwt.sign.key"), properties(guard(Map.of("smallrye.jwt.sign.key",
                Files.readString(TEST_KEYS.resolve("private.pem"))))));
        assertEquals(List.of("agora.gateway.auth.previous-public-key-location"), properties(guard(Map.of(
                "agora.gateway.auth.previous-public-key-location", gatewayTestKeys.resolve("previous-key/public.pem").toString()))));
    }

    @ParameterizedTest
    @ValueSource(strings = { "ZGV2LW9ubHktYWdvcmEtYWdlbnRzLXNlY3JldC1rZXk=", "ZGV2LW9ubHktYWdvcmEtdHJpZ2dlcnMta2V5LTMyYnk=",
            "ZGV2LW9ubHktYWdvcmEtdHJpZ2dlcnMtc2VjcmV0LWs=", "dGVzdC1vbmx5LWFnb3JhLWFnZW50cy1zZWNyZXRrZXk=",
            "dGVzdC1vbmx5LWFnb3JhLXRyaWdnZXJzLWtleS0zMmI=", "cm90YXRlZC1hZ29yYS1hZ2VudHMta2V5LTMyYnl0ZXM=",
            "cm90YXRlZC1hZ29yYS10cmlnZ2Vycy1rZXktMzJieXQ=", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            "AAAAAAAAAAAAAAAAAAAAAA==" })
    void refusesTheKnownAesKeysForEitherSecretKeyProperty(String known) {
        assertEquals(List.of("agora.agents.secret-key"), properties(guard(Map.of("agora.agents.secret-key", known))));
        assertEquals(List.of("agora.triggers.secret-key"), properties(guard(Map.of("agora.triggers.secret-key", known))));
    }

    @Test
    void theRefusalNamesEveryPropertyWithAKnownKey() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> guard(Map.of(
                "mp.jwt.verify.publickey.location", TEST_KEYS.resolve("public.pem").toString(),
                "agora.agents.secret-key", "dGVzdC1vbmx5LWFnb3JhLWFnZW50cy1zZWNyZXRrZXk=")).check());

        assertTrue(refused.getMessage().contains("mp.jwt.verify.publickey.location is the test key pair of test-support"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("agora.agents.secret-key is the test profile's agora.agents.secret-key"),
                refused.getMessage());
    }

    @Test
    void acceptsTheKeysOfAnInstallationOfItsOwn() {
        InstallationKeys keys = InstallationKeys.ensure(home.resolve("keys"));
        Map<String, String> config = new HashMap<>(DevModeKeysConfigSourceFactory.properties(keys));
        config.put("agora.gateway.auth.previous-public-key-location", "file:" + keys.jwtPublicKey());

        assertDoesNotThrow(() -> guard(config).check());
    }

    @Test
    void leavesWhatItCannotReadToTheServiceThatReadsIt() {
        assertDoesNotThrow(() -> guard(Map.of(
                "mp.jwt.verify.publickey.location", home.resolve("missing.pem").toString(),
                "smallrye.jwt.sign.key.location", "https://issuer.example/jwks.json",
                "mp.jwt.verify.publickey", "not a key",
                "agora.agents.secret-key", "%%% not base64",
                "agora.triggers.secret-key", Base64.getEncoder().encodeToString(new byte[5]))).check());
        assertDoesNotThrow(() -> guard(Map.of()).check());
    }

    private static DevelopmentKeyGuard guard(Map<String, String> config) {
        return new DevelopmentKeyGuard(name -> Optional.ofNullable(config.get(name)));
    }

    private static List<String> properties(DevelopmentKeyGuard guard) {
        return guard.findings().stream().map(DevelopmentKeyGuard.Finding::property).toList();
    }
}
