package dev.agora.gateway.user.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.common.events.Topics;
import dev.agora.common.outbox.OutboxWriter;
import dev.agora.common.outbox.WithOutboxTransaction;
import dev.agora.common.problem.DatabaseErrors;
import dev.agora.common.problem.ProblemException;
import dev.agora.gateway.user.events.UserEvents;
import dev.agora.gateway.user.repository.User;
import dev.agora.gateway.user.repository.UserRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** Users and their lifecycle events. Credentials are checked in {@code auth}; this only stores them. */
@ApplicationScoped
public class UserService {

    private final UserRepository users;
    private final OutboxWriter outbox;

    public UserService(UserRepository users, OutboxWriter outbox) {
        this.users = users;
        this.outbox = outbox;
    }

    /**
     * Stores a new user and its {@code agora.user.registered.v1} event in one transaction.
     *
     * @param email already normalised
     * @param passwordHash already hashed
     */
    @WithOutboxTransaction
    public Uni<User> create(String email, String passwordHash, String displayName) {
        User user = new User();
        user.id = UUID.randomUUID();
        user.email = email;
        user.passwordHash = passwordHash;
        user.displayName = displayName;
        user.active = true;
        user.createdAt = now();
        user.updatedAt = user.createdAt;
        return users.emailTaken(email)
                .invoke(taken -> {
                    if (taken) {
                        throw emailTaken();
                    }
                })
                .chain(() -> users.persistAndFlush(user))
                // two registrations racing past the check: the unique index decides
                .onFailure(DatabaseErrors::isUniqueViolation).transform(failure -> emailTaken())
                .call(() -> outbox.append(Topics.IDENTITY, UserEvents.REGISTERED, user.id,
                        new UserEvents.Registered(user.id, user.email, user.displayName, user.createdAt)))
                .replaceWith(user);
    }

    @WithSession
    public Uni<User> get(UUID id) {
        return users.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("user " + id));
    }

    private static ProblemException emailTaken() {
        return ProblemException.conflict("email", "an account with this email already exists");
    }

    private static Instant now() {
        // PostgreSQL keeps microseconds: the stored value, the response and the event then agree
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
