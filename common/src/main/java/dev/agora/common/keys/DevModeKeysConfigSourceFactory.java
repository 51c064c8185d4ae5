package dev.agora.common.keys;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * {@code quarkus:dev} of one service uses the same installation keys as {@code ./run.sh}: those in
 * {@code $AGORA_HOME/keys} ({@code AGORA_HOME} defaults to the repository's {@code .agora}, dev mode running in the
 * module's directory), generated there if this is the first start. Only in the dev profile; environment variables and
 * system properties still override them.
 */
public class DevModeKeysConfigSourceFactory implements ConfigSourceFactory {
    /** Above application.properties (250), below .env (295), environment variables and system properties. */
    static final int ORDINAL = 255;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!context.getProfiles().contains("dev")) {
            return List.of();
        }
        ConfigValue home = context.getValue("AGORA_HOME");
        Path agoraHome = home == null || home.getValue() == null || home.getValue().isBlank() ? Path.of("..", ".agora")
                : Path.of(home.getValue());
        InstallationKeys keys = InstallationKeys.ensure(agoraHome.resolve("keys"));
        return List.of(new PropertiesConfigSource(properties(keys), "Agora installation keys (" + keys.directory() + ")",
                ORDINAL));
    }

    static Map<String, String> properties(InstallationKeys keys) {
        return Map.of(
                "mp.jwt.verify.publickey.location", keys.jwtPublicKey().toString(),
                "smallrye.jwt.sign.key.location", keys.jwtPrivateKey().toString(),
                "agora.agents.secret-key", keys.agentsSecretKey(),
                "agora.triggers.secret-key", keys.triggersSecretKey());
    }
}
