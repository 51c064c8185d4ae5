package dev.agora.marketplace.notification.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
@WithSession
public class NotificationRepository implements PanacheRepositoryBase<Notification, UUID> {
    private static final String VISIBLE = "user_id = :user and (expires_at is null or expires_at > :now)";

    /** The user's notification unless it has expired; someone else's is simply not found. */
    public Uni<Notification> findVisible(UUID id, UUID userId, Instant now) {
        return find("id = :id and userId = :user and (expiresAt is null or expiresAt > :now)",
                Parameters.with("id", id).and("user", userId).and("now", now)).firstResult();
    }

    /**
     * Inserts the notification unless one with its id exists (the same event applied again); true when it is new.
     * {@code data} is JSON text.
     */
    public Uni<Boolean> insertIfAbsent(Notification row, String data) {
        return getSession().chain(session -> session.createNativeQuery(
                "insert into notifications (id, user_id, type, title, message, data, priority, expires_at, created_at)"
                        + " values (:id, :user, :type, :title, :message, cast(cast(:data as text) as jsonb), :priority, :expiresAt,"
                        + " :createdAt) on conflict (id) do nothing")
                .setParameter("id", row.id)
                .setParameter("user", row.userId)
                .setParameter("type", row.type)
                .setParameter("title", row.title)
                .setParameter("message", row.message)
                .setParameter("data", data)
                .setParameter("priority", row.priority)
                .setParameter("expiresAt", row.expiresAt)
                .setParameter("createdAt", row.createdAt)
                .executeUpdate()).map(rows -> rows == 1);
    }

    /**
     * The user's feed: unread first, then newest, keyset-paginated on (read, created_at, id); fetches
     * {@code limit + 1} to tell whether there is more. Native SQL so the ordering matches idx_notifications_feed.
     *
     * @param afterRead the read flag of the cursor's row, or null for the first page
     */
    public Uni<List<Notification>> listVisible(UUID userId, Instant now, NotificationFilter filter, Boolean afterRead,
            Instant afterCreatedAt, UUID afterId, int limit) {
        StringBuilder sql = new StringBuilder("select * from notifications where " + VISIBLE);
        if (filter.read() != null) {
            sql.append(filter.read() ? " and read_at is not null" : " and read_at is null");
        }
        if (filter.priority() != null) {
            sql.append(" and priority = :priority");
        }
        if (filter.type() != null) {
            sql.append(" and type = :type");
        }
        if (afterRead != null) {
            sql.append(afterRead
                    // past the unread part: only older read ones
                    ? " and read_at is not null and (created_at, id) < (:afterCreatedAt, :afterId)"
                    // still in the unread part: older unread ones, then every read one
                    : " and (read_at is not null or (created_at, id) < (:afterCreatedAt, :afterId))");
        }
        sql.append(" order by (read_at is not null), created_at desc, id desc");
        return getSession().chain(session -> {
            Mutiny.SelectionQuery<Notification> query = session.createNativeQuery(sql.toString(), Notification.class)
                    .setParameter("user", userId)
                    .setParameter("now", now);
            if (filter.priority() != null) {
                query.setParameter("priority", filter.priority());
            }
            if (filter.type() != null) {
                query.setParameter("type", filter.type());
            }
            if (afterRead != null) {
                query.setParameter("afterCreatedAt", afterCreatedAt).setParameter("afterId", afterId);
            }
            return query.setMaxResults(limit).getResultList();
        });
    }

    /** How many of the user's visible notifications are unread (idx_unread_notifications). */
    public Uni<Long> countUnread(UUID userId, Instant now) {
        // HQL: its plan is cached, where a native select is planned anew on every call (docs/BENCHMARKS.md)
        return getSession().chain(session -> session.createSelectionQuery("select count(*) from Notification n"
                + " where n.userId = :user and (n.expiresAt is null or n.expiresAt > :now) and n.readAt is null", Long.class)
                .setParameter("user", userId).setParameter("now", now).getSingleResult());
    }

    /** Marks every visible unread notification of the user read; returns how many. */
    public Uni<Integer> markAllRead(UUID userId, Instant now) {
        return getSession().chain(session -> session.createNativeQuery(
                "update notifications set read_at = :now where " + VISIBLE + " and read_at is null")
                .setParameter("user", userId).setParameter("now", now).executeUpdate());
    }

    /** Deletes the user's visible notification; false when there is none (or it is someone else's). */
    public Uni<Boolean> deleteVisible(UUID id, UUID userId, Instant now) {
        return getSession().chain(session -> session.createNativeQuery(
                "delete from notifications where id = :id and " + VISIBLE)
                .setParameter("id", id).setParameter("user", userId).setParameter("now", now).executeUpdate())
                .map(rows -> rows == 1);
    }

    /** Deletes up to {@code batch} expired notifications; returns how many. */
    public Uni<Integer> purgeExpired(Instant now, int batch) {
        return getSession().chain(session -> session.createNativeQuery(
                "delete from notifications where id in (select id from notifications where expires_at <= :now"
                        + " limit :batch)")
                .setParameter("now", now).setParameter("batch", batch).executeUpdate());
    }
}
