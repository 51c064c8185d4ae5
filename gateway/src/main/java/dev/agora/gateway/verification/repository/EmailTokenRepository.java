package dev.agora.gateway.verification.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
@WithSession
public class EmailTokenRepository implements PanacheRepositoryBase<EmailToken, UUID> {

    public Uni<EmailToken> findByHash(String tokenHash) {
        return find("tokenHash", tokenHash).firstResult();
    }

    /** Locked for the use that follows: two requests presenting the same token cannot both use it. */
    public Uni<EmailToken> findByHashForUpdate(String tokenHash) {
        return find("tokenHash", tokenHash).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** Marks the user's unused tokens of this purpose superseded. */
    public Uni<Integer> supersedeOpen(UUID userId, String purpose, Instant at) {
        return update("supersededAt = ?1 where userId = ?2 and purpose = ?3 and usedAt is null and supersededAt is null",
                at, userId, purpose);
    }
}
