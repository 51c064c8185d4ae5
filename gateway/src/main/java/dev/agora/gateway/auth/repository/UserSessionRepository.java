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

    /** The ones among {@code ids} not revoked yet. */
    public Uni<List<UUID>> openAmong(List<UUID> ids) {
        return find("id in ?1 and revokedAt is null", ids).list()
                .map(open -> open.stream().map(s -> s.id).toList());
    }

    public Uni<Integer> revoke(List<UUID> ids, Instant at) {
        return update("revokedAt = ?1 where id in ?2 and revokedAt is null", at, ids);
    }

    /** @param except a session to keep open, or null for none */
    public Uni<List<UUID>> openIdsOf(UUID userId, UUID except) {
        return find("userId = ?1 and revokedAt is null", userId).list()
                .map(open -> open.stream().map(s -> s.id).filter(id -> !id.equals(except)).toList());
    }
}
