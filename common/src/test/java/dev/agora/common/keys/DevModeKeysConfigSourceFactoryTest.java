package dev.agora.common.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

class DevModeKeysConfigSourceFactoryTest {
    /** What a service's application.properties says outside the test profile. */
    private static final Map<String, String> APPLICATION = Map.of(
            "agora.agents.secret-key", "${AGORA_AGENTS_SECRET_KEY}",
            "smallrye.jwt.sign.key.location", "${AGORA_JWT_PRIVATE_KEY_LOCATION:}");

    @TempDir
    Path home;

    @Test
    void devModeTakesTheInstallationKeysGeneratingThemOnItsFirstStart() {
        SmallRyeConfig config = config("dev", Map.of("AGORA_HOME", home.toString()));

        InstallationKeys keys = InstallationKeys.ensure(home.resolve("keys"));
        assertFalse(keys.generated(), "dev mode generated them");
        assertEquals(keys.agentsSecretKey(), config.getValue("agora.agents.secret-key", String.class));
        assertEquals(keys.triggersSecretKey(), config.getValue("agora.triggers.secret-key", String.class));
        assertEquals(keys.jwtPrivateKey().toString(), config.getValue("smallrye.jwt.sign.key.location", String.class));
        assertEquals(keys.jwtPublicKey().toString(), config.getValue("mp.jwt.verify.publickey.location", String.class));
    }

    @Test
    void theEnvironmentStillOverridesThem() {
        SmallRyeConfig config = config("dev", Map.of("AGORA_HOME", home.toString()));
        SmallRyeConfig overridden = new SmallRyeConfigBuilder().withProfile("dev")
                .withSources(new PropertiesConfigSource(Map.of("AGORA_HOME", home.toString(),
                        "agora.agents.secret-key", "from-the-environment"), "environment", 300))
                .withSources(new PropertiesConfigSource(APPLICATION, "application.properties", 250))
                .withSources(new DevModeKeysConfigSourceFactory()).build();

        assertEquals("from-the-environment", overridden.getValue("agora.agents.secret-key", String.class));
        assertTrue(config.getValue("agora.agents.secret-key", String.class).length() > 40);
    }

    @Test
    void otherProfilesGetNoKeysAndNothingIsWritten() {
        SmallRyeConfig config = config("prod", Map.of("AGORA_HOME", home.toString()));

        assertTrue(config.getOptionalValue("mp.jwt.verify.publickey.location", String.class).isEmpty());
        assertFalse(Files.exists(home.resolve("keys")));
    }

    private static SmallRyeConfig config(String profile, Map<String, String> environment) {
        return new SmallRyeConfigBuilder().withProfile(profile)
                .withSources(new PropertiesConfigSource(environment, "environment", 300))
                .withSources(new PropertiesConfigSource(APPLICATION, "application.properties", 250))
                .withSources(new DevModeKeysConfigSourceFactory()).build();
    }
}
