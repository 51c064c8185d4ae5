package dev.agora.common.reconciliation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The last check's findings as metrics, so that drift alerts without anyone calling the check:
 * {@code agora_projection_differences{projection}} (rows that differ from their recomputation) and
 * {@code agora_projection_checked_timestamp_seconds{projection}} (when it was last compared).
 */
@ApplicationScoped
public class ReconciliationMetrics {
    private final Map<String, AtomicLong> differences = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> checkedAt = new ConcurrentHashMap<>();
    private final MeterRegistry registry;

    public ReconciliationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(ReconciliationReport report) {
        long seconds = report.checkedAt().getEpochSecond();
        for (ProjectionDifferences projection : report.projections()) {
            gauge(differences, "agora.projection.differences", "Rows of the projection that differ from its recomputation",
                    projection.projection()).set(projection.differences());
            gauge(checkedAt, "agora.projection.checked.timestamp.seconds", "When the projection was last compared with"
                    + " its recomputation (epoch seconds)", projection.projection()).set(seconds);
        }
    }

    private AtomicLong gauge(Map<String, AtomicLong> values, String name, String description, String projection) {
        return values.computeIfAbsent(name + "|" + projection, key -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(name, value, AtomicLong::get).description(description).tag("projection", projection)
                    .register(registry);
            return value;
        });
    }
}
