package dev.agora.triggers.trigger.repository;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class TriggerActionRepository implements PanacheRepositoryBase<TriggerAction, UUID> {

    public Uni<List<TriggerAction>> listOf(UUID triggerId) {
        return list("triggerId = ?1 order by position", triggerId);
    }

    public Uni<List<TriggerAction>> listOf(Collection<UUID> triggerIds) {
        if (triggerIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return list("triggerId in ?1 order by triggerId, position", triggerIds);
    }

    public Uni<Long> deleteOf(UUID triggerId) {
        return delete("triggerId = ?1", triggerId);
    }
}
