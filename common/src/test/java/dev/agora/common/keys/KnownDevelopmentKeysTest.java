package dev.agora.common.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Every key the repository holds is on the list production refuses, so a key added to a test cannot slip through. */
class KnownDevelopmentKeysTest {

    @Test
    void everyCommittedRsaKeyIsKnown() throws IOException {
        List<Path> keyFiles;
        try (Stream<Path> files = Files.walk(Repository.root())) {
            keyFiles = files.filter(p -> p.toString().endsWith(".pem") || p.getFileName().toString().equals("jwks.json"))
                    .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/.agora/")
                            && !p.toString().contains("/.git/"))
                    .toList();
        }
        assertFalse(keyFiles.isEmpty());
        List<Path> unknown = new ArrayList<>();
        for (Path file : keyFiles) {
            var fingerprints = KeyMaterial.rsaFingerprints(Files.readString(file));
            assertFalse(fingerprints.isEmpty(), file + " holds no key this check can read");
            if (fingerprints.stream().anyMatch(f -> KnownDevelopmentKeys.describe(f).isEmpty())) {
                unknown.add(file);
            }
        }
        assertEquals(List.of(), unknown, "keys committed to the repository but missing from KnownDevelopmentKeys");
    }

    @Test
    void everyAesKeyOfAServicesConfigurationIsKnown() throws IOException {
        List<String> unknown = new ArrayList<>();
        int keys = 0;
        for (String module : List.of("gateway", "agent-service", "deployment-service", "marketplace-service",
                "trigger-service")) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(
                    Repository.root().resolve(module).resolve("src/main/resources/application.properties"))) {
                properties.load(reader);
            }
            for (String name : properties.stringPropertyNames()) {
                String value = properties.getProperty(name);
                if (name.endsWith("secret-key") && !value.contains("${")) {
                    keys++;
                    if (KeyMaterial.secretFingerprint(value).flatMap(KnownDevelopmentKeys::describe).isEmpty()) {
                        unknown.add(module + ": " + name);
                    }
                }
            }
        }
        assertTrue(keys >= 2, "the test profiles' AES keys were not found");
        assertEquals(List.of(), unknown, "AES keys in the configuration but missing from KnownDevelopmentKeys");
    }
}
