package dev.agora.common.keys;

import java.util.Map;
import java.util.Optional;

/**
 * Keys that were committed to the repository or are trivially guessable, by {@link KeyFingerprint}: anyone can read
 * them, so a service that trusts one can be given forged tokens or have its sealed secrets opened. Production refuses
 * them ({@link DevelopmentKeyGuard}). A key added to a test or a profile's defaults belongs here too.
 */
public final class KnownDevelopmentKeys {
    private static final Map<String, String> KEYS = Map.ofEntries(
            // RSA token keys (fingerprint of the public half)
            Map.entry("f228a24a9310229f868e7d7ecdfbfc9333f045eec0dd40eff3c3e0d2bb3c58fe",
                    "the former committed development key pair (deploy/local/dev-keys)"),
            Map.entry("67f5e34fd6e9e7106bb30cf952efb4a3ff287da3f7b0689801abd5621f37ec87",
                    "the test key pair of test-support (agora-test-keys)"),
            Map.entry("e65e1416c8a302d6b3869822927883544a2963cda0af1e4f4cb08b5f617b0870",
                    "the gateway tests' previous key pair (previous-key)"),
            Map.entry("2a4ea54984e6a39776c3b5a404aaa0fc494b47585f3d2678e332941e854a2be0",
                    "the gateway tests' external identity provider key pair (external-idp)"),
            // AES keys (fingerprint of the raw bytes)
            Map.entry("a80ed34e32e6b4ebf9c6000034a7a42713a6fbf7ed6cb8c5e759133f3f1a748b",
                    "the former development default of agora.agents.secret-key"),
            Map.entry("7767aca79d339a4b9c466bf4474441022d5067340148debf6ae07c44202b2f5a",
                    "the former development default of agora.triggers.secret-key"),
            Map.entry("494ecbc23ce01cbf644f380fe4eb6bcbea963efdb2077d7de5421acce22ffedb",
                    "the former local-stack agora.triggers.secret-key"),
            Map.entry("3bd57380408dfdec8d49e25c7faeb2d2cfdde84e8370ca41e3fffd95cd02e3e2",
                    "the test profile's agora.agents.secret-key"),
            Map.entry("5f072c07ae67aecd6a147ea9711bbd3934e7c475b0d32efcb7207769a4c239d4",
                    "the test profile's agora.triggers.secret-key"),
            Map.entry("34ba494e572b2bc0b257a2b9c4dea3a3b2f7948e698160b9f2e8a03c20e883cc",
                    "the agents' key-rotation test key"),
            Map.entry("1f34710bc516a97f301d899b341752f78d9a7d8b5e08d9408fff84b9679770b5",
                    "the triggers' key-rotation test key"),
            Map.entry("374708fff7719dd5979ec875d56cd2286f6d3cf7ec317a3b25632aab28ec37bb", "an all-zero 128-bit key"),
            Map.entry("9d908ecfb6b256def8b49a7c504e6c889c4b0e41fe6ce3e01863dd7b61a20aa0", "an all-zero 192-bit key"),
            Map.entry("66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925", "an all-zero 256-bit key"));

    private KnownDevelopmentKeys() {
    }

    /** Which known key the fingerprint is, or empty for a key of nobody's repository. */
    public static Optional<String> describe(String fingerprint) {
        return Optional.ofNullable(KEYS.get(fingerprint));
    }
}
