package dev.agora.triggers.trigger.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class TriggerRepository implements PanacheRepositoryBase<Trigger, UUID> {

    /** The owner's trigger, or null: someone else's is not found. */
    public Uni<Trigger> findOwned(UUID id, UUID ownerId) {
        return find("id = :id and ownerId = :owner", Parameters.with("id", id).and("owner", ownerId)).firstResult();
    }

    /** Newest first; keyset after ({@code beforeCreatedAt}, {@code beforeId}); fetches {@code limit + 1}. */
    public Uni<List<Trigger>> listOwned(UUID ownerId, Instant beforeCreatedAt, UUID beforeId, int limit) {
        if (beforeCreatedAt == null) {
            return find("ownerId = :owner order by createdAt desc, id desc", Parameters.with("owner", ownerId))
                    .page(0, limit + 1).list();
        }
        return find("ownerId = :owner and (createdAt < :at or (createdAt = :at and id < :id)) order by createdAt desc, id desc",
                Parameters.with("owner", ownerId).and("at", beforeCreatedAt).and("id", beforeId))
                .page(0, limit + 1).list();
    }

    public Uni<List<Trigger>> listEnabled() {
        return list("enabled = true");
    }

    public Uni<List<Trigger>> listEnabledOf(UUID ownerId) {
        return list("enabled = true and ownerId = ?1", ownerId);
    }

    public Uni<Integer> disableAllOf(UUID ownerId) {
        return update("enabled = false, updatedAt = ?1, version = version + 1 where ownerId = ?2 and enabled = true",
                Instant.now(), ownerId);
    }
}
