package dev.agora.gateway.apikey.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.gateway.apikey.service.KeyOwner;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
@WithSession
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, UUID> {

    /** The owner's keys, revoked ones included, newest first. */
    public Uni<List<ApiKey>> listOf(KeyOwner owner) {
        return list(owner.column() + " = ?1 order by createdAt desc, id", owner.id());
    }

    public Uni<Integer> revokeAllOf(KeyOwner owner, Instant at) {
        return update("revokedAt = ?1 where " + owner.column() + " = ?2 and revokedAt is null", at, owner.id());
    }

    public Uni<ApiKey> findOf(KeyOwner owner, UUID id) {
        return find("id = ?1 and " + owner.column() + " = ?2", id, owner.id()).firstResult();
    }
}
