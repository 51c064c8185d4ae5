package dev.agora.gateway.user.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
@WithSession
public class UserRepository implements PanacheRepositoryBase<User, UUID> {

    /** @param email already normalised */
    public Uni<User> findByEmail(String email) {
        return find("email", email).firstResult();
    }

    public Uni<Boolean> emailTaken(String email) {
        return count("email", email).map(n -> n > 0);
    }

    public Uni<Boolean> usernameTaken(String username, UUID except) {
        return count("username = ?1 and id <> ?2", username, except).map(n -> n > 0);
    }

    /** A user who has not deleted their account, locked for the change that follows. */
    public Uni<User> findExistingForUpdate(UUID id) {
        return find("id = ?1 and deletedAt is null", id).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /**
     * Records a sign-in, if the account can still sign in: 0 when it was deactivated or deleted meanwhile (the update
     * waits for the row lock of a deactivation or deletion under way, then sees its outcome).
     */
    public Uni<Integer> recordLogin(UUID id, Instant at) {
        return update("lastLoginAt = ?1 where id = ?2 and active = true and deletedAt is null", at, id);
    }
}
