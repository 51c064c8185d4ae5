package dev.agora.common.reconciliation;

import java.time.Instant;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A row of a projection that differed from the state its source sent again, and was repaired from it:
 * {@code fields} names what differed ({@code ["missing"]} for a row the projection did not have).
 */
@RegisterForReflection
public record ProjectionRepair(String projection, String subject, List<String> fields, String eventId,
        Instant repairedAt) {
    public static final String MISSING = "missing";

    public ProjectionRepair {
        fields = List.copyOf(fields);
    }
}
