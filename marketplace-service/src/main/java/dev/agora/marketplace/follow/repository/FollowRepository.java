package dev.agora.marketplace.follow.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** {@code agent_followers}, in the caller's session and transaction. */
@ApplicationScoped
public class FollowRepository {

    /** A follow and when it started. */
    public record Follow(UUID agentId, Instant createdAt) {
    }

    /** Inserts the follow unless it exists; true when it is new. */
    public Uni<Boolean> insertIfAbsent(UUID userId, UUID agentId, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "insert into agent_followers (user_id, agent_id, created_at) values (:user, :agent, :now)"
                        + " on conflict do nothing")
                .setParameter("user", userId).setParameter("agent", agentId).setParameter("now", now)
                .executeUpdate()).map(rows -> rows == 1);
    }

    /** Deletes the follow; true when there was one. */
    public Uni<Boolean> delete(UUID userId, UUID agentId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "delete from agent_followers where user_id = :user and agent_id = :agent")
                .setParameter("user", userId).setParameter("agent", agentId).executeUpdate()).map(rows -> rows == 1);
    }

    /** Deletes every follow of the user and returns the agents they followed. */
    public Uni<List<UUID>> deleteAllOf(UUID userId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "delete from agent_followers where user_id = :user returning agent_id", UUID.class)
                .setParameter("user", userId).getResultList());
    }

    /** The agents the user follows that are listed, newest follow first, keyset on (created_at, agent_id). */
    public Uni<List<Follow>> listListed(UUID userId, Instant afterCreatedAt, UUID afterId, int limit) {
        String sql = "select f.agent_id, f.created_at from agent_followers f"
                + " join catalog_agents c on c.agent_id = f.agent_id and c.listed where f.user_id = :user"
                + (afterId != null ? " and (f.created_at, f.agent_id) < (:afterCreatedAt, :afterId)" : "")
                + " order by f.created_at desc, f.agent_id desc";
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql, Object[].class).setParameter("user", userId);
            if (afterId != null) {
                query.setParameter("afterCreatedAt", afterCreatedAt).setParameter("afterId", afterId);
            }
            return query.setMaxResults(limit).getResultList();
        }).map(rows -> rows.stream().map(row -> new Follow((UUID) row[0], instant(row[1]))).toList());
    }

    private static Instant instant(Object value) {
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        if (value instanceof java.time.LocalDateTime time) {
            return time.toInstant(ZoneOffset.UTC);
        }
        return (Instant) value;
    }
}
