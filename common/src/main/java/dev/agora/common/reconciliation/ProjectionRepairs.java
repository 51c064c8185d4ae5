package dev.agora.common.reconciliation;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Where a consumer records a projection row it repaired from a source's reconciliation snapshot, in the consumer's
 * transaction, and where admins read them. Counted as {@code agora_projection_repairs_total{projection}} once recorded
 * (a transaction that is retried may count a repair again; the table holds it once).
 */
@ApplicationScoped
public class ProjectionRepairs {
    private static final String INSERT = "insert into projection_repairs (projection, subject, fields, event_id)"
            + " values (?1, ?2, ?3, ?4)";
    private static final String RECENT = "select projection, subject, fields, event_id, repaired_at"
            + " from projection_repairs where (?1 = '' or projection = ?1) order by repaired_at desc, id desc limit ?2";

    private final MeterRegistry registry;

    public ProjectionRepairs(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records that {@code subject}'s row of {@code projection} differed in {@code fields}; nothing when none did. */
    public Uni<Void> record(String projection, String subject, List<String> fields, String eventId) {
        if (fields.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT).setParameter(1, projection)
                .setParameter(2, subject).setParameter(3, String.join(",", fields)).setParameter(4, eventId)
                .executeUpdate())
                .invoke(() -> Counter.builder("agora.projection.repairs")
                        .description("Projection rows found different from their source's snapshot, and repaired")
                        .tag("projection", projection).register(registry).increment())
                .replaceWithVoid();
    }

    /**
     * The columns a comparison query named in its one row (comma-separated, or {@code missing}); none when it returned
     * no row or an empty one (the stored row is newer, or equal).
     */
    public static List<String> differingColumns(List<String> rows) {
        return rows.isEmpty() || rows.get(0) == null || rows.get(0).isEmpty() ? List.of()
                : List.of(rows.get(0).split(","));
    }

    /** The newest repairs, of one projection or (blank) of all. */
    public Uni<List<ProjectionRepair>> recent(String projection, int limit) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.<Object[]> createNativeQuery(RECENT)
                .setParameter(1, projection == null ? "" : projection).setParameter(2, limit).getResultList()))
                .map(rows -> rows.stream().map(row -> new ProjectionRepair((String) row[0], (String) row[1],
                        Arrays.asList(((String) row[2]).split(",")), (String) row[3], instant(row[4]))).toList());
    }

    private static Instant instant(Object value) {
        return value instanceof OffsetDateTime time ? time.toInstant() : (Instant) value;
    }
}
