package dev.agora.common.reconciliation;

import java.time.Instant;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What one check of a service's projections found; {@code consistent} when no projection differs. */
@RegisterForReflection
public record ReconciliationReport(Instant checkedAt, boolean consistent, List<ProjectionDifferences> projections) {

    public static ReconciliationReport of(Instant checkedAt, List<ProjectionDifferences> projections) {
        return new ReconciliationReport(checkedAt, projections.stream().allMatch(p -> p.differences() == 0),
                List.copyOf(projections));
    }
}
