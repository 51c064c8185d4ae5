package dev.agora.gateway.auth.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
@WithSession
public class RefreshTokenRepository implements PanacheRepositoryBase<RefreshToken, UUID> {

    /** Locks the row, so two concurrent uses of one token are seen one after the other (the second as a reuse). */
    public Uni<RefreshToken> findByHashForUpdate(String tokenHash) {
        return find("tokenHash", tokenHash).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    public Uni<Integer> revokeFamilies(List<UUID> familyIds, Instant at) {
        return familyIds.isEmpty() ? Uni.createFrom().item(0)
                : update("revokedAt = ?1 where familyId in ?2 and revokedAt is null", at, familyIds);
    }
}
