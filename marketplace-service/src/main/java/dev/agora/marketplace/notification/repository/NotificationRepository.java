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

    /** The user's notification unless it has expired; someone else's is simply not found. */
    public Uni<Notification> findVisible(UUID id, UUID userId, Instant now) {
        return find("id = :id and userId = :user and (expiresAt is null or expiresAt > :now)",
                Parameters.with("id", id).and("user", userId).and("now", now)).firstResult();
    }

    /**
     * The user's feed: unread first, then newest, keyset-paginated on (read, created_at, id); fetches
     * {@code limit + 1} to tell whether there is more. Native SQL so the ordering matches idx_notifications_feed.
     *
     * @param readFilter null for all, false for unread only, true for read only
     * @param afterRead the read flag of the cursor's row, or null for the first page
     */
    public Uni<List<Notification>> listVisible(UUID userId, Instant now, Boolean readFilter, Boolean afterRead,
            Instant afterCreatedAt, UUID afterId, int limit) {
        StringBuilder sql = new StringBuilder(
                "select * from notifications where user_id = :user and (expires_at is null or expires_at > :now)");
        if (readFilter != null) {
            sql.append(readFilter ? " and read_at is not null" : " and read_at is null");
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
            if (afterRead != null) {
                query.setParameter("afterCreatedAt", afterCreatedAt).setParameter("afterId", afterId);
            }
            return query.setMaxResults(limit).getResultList();
        });
    }
}
