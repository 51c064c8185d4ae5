package dev.agora.gateway.user.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.common.auth.SessionRevokedEvent;
import dev.agora.common.events.Audience;
import dev.agora.common.events.Topics;
import dev.agora.common.outbox.OutboxWriter;
import dev.agora.common.outbox.WithOutboxTransaction;
import dev.agora.common.problem.DatabaseErrors;
import dev.agora.common.problem.ProblemException;
import dev.agora.gateway.apikey.service.ApiKeyService;
import dev.agora.gateway.apikey.service.KeyOwner;
import dev.agora.gateway.auth.service.PasswordHasher;
import dev.agora.gateway.auth.service.SessionService;
import dev.agora.gateway.org.service.OrgService;
import dev.agora.gateway.user.events.UserEvents;
import dev.agora.gateway.user.model.ProfileChange;
import dev.agora.gateway.user.repository.User;
import dev.agora.gateway.user.repository.UserRepository;
import dev.agora.gateway.verification.service.EmailTokenPurpose;
import dev.agora.gateway.verification.service.EmailTokens;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** Users, their profiles and their lifecycle: registration, deactivation, deletion. */
@ApplicationScoped
public class UserService {
    private static final String DELETED_DISPLAY_NAME = "Deleted user";

    private final UserRepository users;
    private final OutboxWriter outbox;
    private final PasswordHasher passwords;
    private final SessionService sessions;
    private final OrgService orgs;
    private final ApiKeyService apiKeys;
    private final EmailTokens emailTokens;

    public UserService(UserRepository users, OutboxWriter outbox, PasswordHasher passwords, SessionService sessions,
            OrgService orgs, ApiKeyService apiKeys, EmailTokens emailTokens) {
        this.users = users;
        this.outbox = outbox;
        this.passwords = passwords;
        this.sessions = sessions;
        this.orgs = orgs;
        this.apiKeys = apiKeys;
        this.emailTokens = emailTokens;
    }

    /**
     * Stores a new user and its {@code agora.user.registered.v1} event in one transaction.
     *
     * @param email already normalised
     * @param username already normalised, or null
     * @param passwordHash already hashed
     */
    @WithOutboxTransaction
    public Uni<User> create(String email, String username, String passwordHash, String displayName) {
        User user = new User();
        user.id = UUID.randomUUID();
        user.email = email;
        user.username = username == null || username.isEmpty() ? null : username;
        user.passwordHash = passwordHash;
        user.displayName = displayName;
        user.plan = "free";
        user.active = true;
        user.createdAt = now();
        user.updatedAt = user.createdAt;
        return users.emailTaken(email)
                .invoke(taken -> {
                    if (taken) {
                        throw emailTaken();
                    }
                })
                .call(() -> user.username == null ? Uni.createFrom().voidItem() : requireFreeUsername(user.username, user.id))
                .chain(() -> users.persistAndFlush(user))
                // two registrations racing past the checks: the unique indexes decide
                .onFailure(DatabaseErrors::isUniqueViolation).transform(failure -> uniqueViolation(failure))
                .call(() -> outbox.append(Topics.IDENTITY, UserEvents.REGISTERED, user.id,
                        new UserEvents.Registered(user.id, user.email, user.displayName, user.createdAt), Audience.users(user.id)))
                .replaceWith(user);
    }

    /** A user who has not deleted their account (404 otherwise). */
    @WithSession
    public Uni<User> get(UUID id) {
        return users.findById(id)
                .map(user -> user == null || user.deletedAt != null ? null : user)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("user " + id));
    }

    @WithTransaction
    public Uni<User> updateProfile(UUID id, ProfileChange request) {
        return existing(id).call(user -> request.username() == null || request.username().isEmpty()
                ? Uni.createFrom().voidItem() : requireFreeUsername(request.username(), id))
                .invoke(user -> {
                    if (request.username() != null) {
                        user.username = request.username().isEmpty() ? null : request.username();
                    }
                    if (request.displayName() != null) {
                        user.displayName = request.displayName();
                    }
                    if (request.fullName() != null) {
                        user.fullName = request.fullName().isEmpty() ? null : request.fullName();
                    }
                    if (request.avatarUrl() != null) {
                        user.avatarUrl = request.avatarUrl().isEmpty() ? null : request.avatarUrl();
                    }
                    if (!request.isEmpty()) {
                        user.updatedAt = now();
                    }
                })
                .call(user -> users.flush())
                .onFailure(DatabaseErrors::isUniqueViolation).transform(UserService::uniqueViolation);
    }

    /**
     * Checks the current password, stores the new one, signs out every other session and, unless
     * {@code keepApiKeys}, revokes the user's own API keys (whoever knew the old password may have made some).
     *
     * @param currentSession the caller's session (kept), or null when the token names none
     */
    public Uni<Void> changePassword(UUID id, UUID currentSession, String currentPassword, String newPassword,
            boolean keepApiKeys) {
        return get(id)
                .chain(user -> passwords.verify(currentPassword, user.passwordHash))
                .invoke(matches -> {
                    if (!matches) {
                        throw ProblemException.badRequest("currentPassword", "is not your current password");
                    }
                })
                .chain(() -> passwords.hash(newPassword))
                .chain(hash -> storePassword(id, currentSession, hash, keepApiKeys));
    }

    @WithOutboxTransaction
    Uni<Void> storePassword(UUID id, UUID currentSession, String hash, boolean keepApiKeys) {
        return existing(id)
                .invoke(user -> {
                    user.passwordHash = hash;
                    user.updatedAt = now();
                })
                .call(user -> keepApiKeys ? Uni.createFrom().voidItem() : apiKeys.revokeAllOf(new KeyOwner.OfUser(user.id)))
                // a reset link mailed before the change must not undo it
                .call(user -> emailTokens.withdrawOpen(user.id, EmailTokenPurpose.RESET_PASSWORD))
                .chain(user -> sessions.revokeAllBut(user.id, currentSession, SessionRevokedEvent.PASSWORD_CHANGED));
    }

    /** The account can no longer sign in or refresh; every session ends. */
    @WithOutboxTransaction
    public Uni<Void> deactivate(UUID id) {
        return existing(id)
                .invoke(user -> {
                    user.active = false;
                    user.updatedAt = now();
                })
                .chain(user -> sessions.revokeAllBut(user.id, null, SessionRevokedEvent.DEACTIVATED));
    }

    /**
     * Deletes the account: every personal field is scrubbed (the email becomes free again), every session and
     * membership ends, and {@code agora.user.deleted.v1} tells the other services to drop what the user owned.
     */
    @WithOutboxTransaction
    public Uni<Void> delete(UUID id) {
        Instant now = now();
        return existing(id)
                .call(user -> orgs.leaveAll(user.id))
                .call(user -> sessions.revokeAllBut(user.id, null, SessionRevokedEvent.DELETED))
                .invoke(user -> {
                    user.email = "deleted-" + user.id + "@deleted.invalid";
                    user.username = null;
                    user.displayName = DELETED_DISPLAY_NAME;
                    user.fullName = null;
                    user.avatarUrl = null;
                    // not a bcrypt hash: no password can ever match it
                    user.passwordHash = "!deleted";
                    user.active = false;
                    user.platformAdmin = false;
                    user.emailVerifiedAt = null;
                    user.deletedAt = now;
                    user.updatedAt = now;
                })
                .call(user -> outbox.append(Topics.IDENTITY, UserEvents.DELETED, user.id, new UserEvents.Deleted(user.id, now), Audience.users(user.id)))
                .replaceWithVoid();
    }

    private Uni<User> existing(UUID id) {
        return users.findExistingForUpdate(id).onItem().ifNull().failWith(() -> ProblemException.notFound("user " + id));
    }

    private Uni<Void> requireFreeUsername(String username, UUID except) {
        return users.usernameTaken(username, except).invoke(taken -> {
            if (taken) {
                throw usernameTaken();
            }
        }).replaceWithVoid();
    }

    private static Throwable uniqueViolation(Throwable failure) {
        String message = String.valueOf(failure.getMessage()) + (failure.getCause() == null ? "" : failure.getCause().getMessage());
        return message.contains("uq_users_username") ? usernameTaken() : emailTaken();
    }

    private static ProblemException emailTaken() {
        return ProblemException.conflict("email", "an account with this email already exists");
    }

    private static ProblemException usernameTaken() {
        return ProblemException.conflict("username", "this username is taken");
    }

    private static Instant now() {
        // PostgreSQL keeps microseconds: the stored value, the response and the event then agree
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
