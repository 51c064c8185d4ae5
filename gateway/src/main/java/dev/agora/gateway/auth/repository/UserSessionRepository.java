package dev.agora.gateway.auth.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
@WithSession
public class UserSessionRepository implements PanacheRepositoryBase<UserSession, UUID> {

    /** Sessions not revoked and used within the refresh token lifetime, newest first. */
    public Uni<List<UserSession>> listOpen(UUID userId, Instant usedSince) {
        return list("userId = ?1 and revokedAt is null and lastUsedAt > ?2 order by createdAt desc, id", userId, usedSince);
    }

    public Uni<Integer> touch(UUID id, Instant at) {
        return update("lastUsedAt = ?1 where id = ?2", at, id);
    }

    public Uni<Integer> revoke(UUID id, Instant at) {
        return update("revokedAt = ?1 where id = ?2 and revokedAt is null", at, id);
    }

    /** @param except a session to keep open, or null for none */
    public Uni<List<UUID>> openIdsOf(UUID userId, UUID except) {
        return find("userId = ?1 and revokedAt is null", userId).list()
                .map(open -> open.stream().map(s -> s.id).filter(id -> !id.equals(except)).toList());
    }
}
