package dev.agora.common.keys;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Refuses configured keys that are {@link KnownDevelopmentKeys}: the JWT verification key (and the previous one kept
 * during a rotation), the gateway's signing key and the AES keys sealing secrets at rest. Each key is compared by its
 * fingerprint, whatever form it is configured in.
 */
public final class DevelopmentKeyGuard {
    /** Properties holding an RSA key, or where to read one. */
    static final List<String> RSA_KEY_LOCATIONS = List.of("mp.jwt.verify.publickey.location",
            "agora.gateway.auth.previous-public-key-location", "smallrye.jwt.sign.key.location");
    static final List<String> RSA_KEYS = List.of("mp.jwt.verify.publickey", "smallrye.jwt.sign.key");
    /** Properties holding a base64 AES key. */
    static final List<String> SECRET_KEYS = List.of("agora.agents.secret-key", "agora.triggers.secret-key");

    /** A configured property whose key is a known one. */
    public record Finding(String property, String knownKey) {
        @Override
        public String toString() {
            return property + " is " + knownKey;
        }
    }

    private final Function<String, Optional<String>> config;

    /** @param config the configured value of a property, empty when it is not set */
    public DevelopmentKeyGuard(Function<String, Optional<String>> config) {
        this.config = config;
    }

    public List<Finding> findings() {
        List<Finding> findings = new ArrayList<>();
        for (String property : RSA_KEY_LOCATIONS) {
            value(property).flatMap(KeyMaterial::read)
                    .ifPresent(text -> check(property, KeyMaterial.rsaFingerprints(text), findings));
        }
        for (String property : RSA_KEYS) {
            value(property).ifPresent(text -> check(property, KeyMaterial.rsaFingerprints(text), findings));
        }
        for (String property : SECRET_KEYS) {
            value(property).flatMap(KeyMaterial::secretFingerprint)
                    .ifPresent(fingerprint -> check(property, Set.of(fingerprint), findings));
        }
        return findings;
    }

    /** Throws, naming every property that holds a known key, unless none does. */
    public void check() {
        List<Finding> findings = findings();
        if (!findings.isEmpty()) {
            throw new IllegalStateException("Refusing to start with a development or test key: "
                    + findings.stream().map(Finding::toString).collect(Collectors.joining("; "))
                    + ". Those keys are public; configure keys of this installation's own"
                    + " (deploy/k8s/README.md, \"Secrets to create\").");
        }
    }

    private Optional<String> value(String property) {
        return config.apply(property).filter(value -> !value.isBlank());
    }

    private static void check(String property, Set<String> fingerprints, List<Finding> findings) {
        fingerprints.stream().map(KnownDevelopmentKeys::describe).flatMap(Optional::stream).findFirst()
                .ifPresent(known -> findings.add(new Finding(property, known)));
    }
}
