package dev.agora.marketplace.task.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
@WithSession
public class TaskRepository implements PanacheRepositoryBase<Task, UUID> {

    /** The task locked for a state change, so two concurrent transitions cannot both pass the state check. */
    public Uni<Task> findForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
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
