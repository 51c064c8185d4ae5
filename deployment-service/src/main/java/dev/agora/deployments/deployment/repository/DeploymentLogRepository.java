package dev.agora.deployments.deployment.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** The append-only {@code deployment_logs}: lines are only ever inserted, and read after a sequence number. */
@ApplicationScoped
public class DeploymentLogRepository {
    private static final String APPEND = "insert into deployment_logs (deployment_id, level, line) values (?1, ?2, ?3)";
    private static final String AFTER = "select seq, logged_at, level, line from deployment_logs"
            + " where deployment_id = ?1 and seq > ?2 order by seq limit ?3";

    public Uni<Void> append(UUID deploymentId, String level, String line) {
        return Panache.getSession().chain(session -> session.createNativeQuery(APPEND)
                .setParameter(1, deploymentId)
                .setParameter(2, level)
                .setParameter(3, line)
                .executeUpdate())
                .replaceWithVoid();
    }

    public Uni<List<LogLine>> after(UUID deploymentId, long afterSeq, int limit) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery(AFTER, Object[].class)
                .setParameter(1, deploymentId)
                .setParameter(2, afterSeq)
                .setParameter(3, limit)
                .getResultList()))
                .map(rows -> rows.stream().map(DeploymentLogRepository::toLine).toList());
    }

    private static LogLine toLine(Object[] row) {
        Object at = row[1];
        Instant loggedAt = at instanceof OffsetDateTime odt ? odt.toInstant() : (Instant) at;
        return new LogLine(((Number) row[0]).longValue(), loggedAt, (String) row[2], (String) row[3]);
    }
}
