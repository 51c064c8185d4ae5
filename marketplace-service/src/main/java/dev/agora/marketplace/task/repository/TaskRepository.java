package dev.agora.marketplace.task.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
@WithSession
public class TaskRepository implements PanacheRepositoryBase<Task, UUID> {
    static final String LOCK_OVERDUE = "select * from tasks where status in ('pending', 'in_progress')"
            + " and due_date < cast(:now as timestamptz) order by due_date, id limit :limit for update skip locked";

    /** The task locked for a state change, so two concurrent transitions cannot both pass the state check. */
    public Uni<Task> findForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Up to {@code limit} tasks still pending or in progress whose due date is before {@code now}, earliest due
     * first, locked for a state change; rows another transaction holds are skipped, so concurrent sweeps (one per
     * replica) share the work and never take the same task.
     */
    public Uni<List<Task>> lockOverdue(Instant now, int limit) {
        return Panache.getSession().chain(session -> session.createNativeQuery(LOCK_OVERDUE, Task.class)
                .setParameter("now", now).setParameter("limit", limit).getResultList());
    }

    /**
     * My tasks as hirer ({@code asOwner} false) or the incoming ones of my agents, newest first, keyset on
     * (created_at, id); {@code limit} rows.
     */
    public Uni<List<Task>> listFor(UUID userId, boolean asOwner, String status, Instant afterCreatedAt, UUID afterId,
            int limit) {
        StringBuilder query = new StringBuilder(asOwner ? "ownerId = :user" : "hirerId = :user");
        Parameters params = Parameters.with("user", userId);
        if (status != null) {
            query.append(" and status = :status");
            params.and("status", status);
        }
        if (afterId != null) {
            query.append(" and (createdAt < :afterCreatedAt or (createdAt = :afterCreatedAt and id < :afterId))");
            params.and("afterCreatedAt", afterCreatedAt).and("afterId", afterId);
        }
        query.append(" order by createdAt desc, id desc");
        return find(query.toString(), params).page(0, limit).list();
    }
}
