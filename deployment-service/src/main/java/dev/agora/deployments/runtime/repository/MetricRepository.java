package dev.agora.deployments.runtime.repository;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/** {@code agent_metrics}: points written one by one, read back aggregated per time bucket. */
@ApplicationScoped
public class MetricRepository {
    private static final String INSERT = "insert into agent_metrics (id, agent_id, metric_type, value, unit, recorded_at)"
            + " values (?1, ?2, ?3, ?4, ?5, ?6)";
    // date_bin aligns buckets on the epoch, so the same bucket size always gives the same bucket starts
    private static final String BUCKETS = """
            select metric_type, date_bin(make_interval(secs => ?2), recorded_at, timestamptz '1970-01-01') as bucket,
                   count(*), sum(value), avg(value), min(value), max(value), max(unit)
            from agent_metrics
            where agent_id = ?1 and recorded_at >= ?3 and recorded_at < ?4 and (cast(?5 as text) is null or metric_type = ?5)
            group by metric_type, bucket
            order by metric_type, bucket
            """;

    @RegisterForReflection
    public record Bucket(String type, Instant bucketStart, long count, BigDecimal sum, BigDecimal avg, BigDecimal min,
            BigDecimal max, String unit) {
    }

    public Uni<Void> insert(UUID agentId, String type, BigDecimal value, String unit, Instant recordedAt) {
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT)
                .setParameter(1, UUID.randomUUID())
                .setParameter(2, agentId)
                .setParameter(3, type)
                .setParameter(4, value)
                .setParameter(5, unit)
                .setParameter(6, recordedAt)
                .executeUpdate())
                .replaceWithVoid();
    }

    public Uni<List<Bucket>> buckets(UUID agentId, String type, Instant from, Instant to, long bucketSeconds) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery(BUCKETS, Object[].class)
                .setParameter(1, agentId)
                .setParameter(2, bucketSeconds)
                .setParameter(3, from)
                .setParameter(4, to)
                .setParameter(5, type)
                .getResultList()))
                .map(rows -> rows.stream().map(MetricRepository::toBucket).toList());
    }

    private static Bucket toBucket(Object[] row) {
        Object at = row[1];
        Instant start = at instanceof OffsetDateTime odt ? odt.toInstant() : (Instant) at;
        return new Bucket((String) row[0], start, ((Number) row[2]).longValue(), decimal(row[3]), decimal(row[4]),
                decimal(row[5]), decimal(row[6]), (String) row[7]);
    }

    private static BigDecimal decimal(Object value) {
        BigDecimal d = (value instanceof BigDecimal decimal ? decimal : new BigDecimal(value.toString())).stripTrailingZeros();
        // 2E+2 is 200 to a reader of the JSON
        return d.scale() < 0 ? d.setScale(0) : d;
    }
}
