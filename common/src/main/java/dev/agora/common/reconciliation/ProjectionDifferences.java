package dev.agora.common.reconciliation;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One projection compared with its recomputation: how many rows were compared (stored or recomputed), how many
 * differ, and the keys of the first ones (at most {@link #MAX_EXAMPLES}, in key order).
 */
@RegisterForReflection
public record ProjectionDifferences(String projection, long compared, long differences, List<String> examples) {
    public static final int MAX_EXAMPLES = 100;

    public ProjectionDifferences {
        examples = List.copyOf(examples);
    }
}
