package dev.agora.gateway.verification.service;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.common.problem.ProblemException;
import dev.agora.gateway.auth.service.RandomSecrets;
import dev.agora.gateway.user.repository.User;
import dev.agora.gateway.user.repository.UserRepository;
import dev.agora.gateway.verification.repository.EmailToken;
import dev.agora.gateway.verification.repository.EmailTokenRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * One-time tokens sent by mail: 256 random bits, stored as their SHA-256, each for one purpose, until it expires,
 * used at most once; issuing one supersedes the user's earlier ones of the same purpose. Every way a token cannot be
 * used (unknown, expired, used, superseded, for another purpose, its account gone or its email changed) answers the
 * same 400 on {@code token}, so an answer tells nothing about the token.
 */
@ApplicationScoped
public class EmailTokens {
    static final String INVALID = "is not valid: it may have expired, been used or been replaced by a newer one;"
            + " ask for a new mail";

    private final EmailTokenRepository tokens;
    private final UserRepository users;

    public EmailTokens(EmailTokenRepository tokens, UserRepository users) {
        this.tokens = tokens;
        this.users = users;
    }

    /** A new token for the user's current address; joins the caller's transaction. Returns the token itself. */
    public Uni<String> issue(User user, EmailTokenPurpose purpose, Duration ttl) {
        Instant now = now();
        String value = RandomSecrets.generate();
        EmailToken token = new EmailToken();
        token.id = UUID.randomUUID();
        token.userId = user.id;
        token.purpose = purpose.value();
        token.tokenHash = RandomSecrets.sha256(value);
        token.email = user.email;
        token.createdAt = now;
        token.expiresAt = now.plus(ttl);
        return tokens.supersedeOpen(user.id, purpose.value(), now)
                .chain(() -> tokens.persist(token))
                .replaceWith(value);
    }

    /** Makes the user's unused tokens of this purpose unusable; joins the caller's transaction. */
    public Uni<Void> withdrawOpen(UUID userId, EmailTokenPurpose purpose) {
        return tokens.supersedeOpen(userId, purpose.value(), now()).replaceWithVoid();
    }

    /** Fails with the 400 on {@code token} unless the token could be used now; changes nothing. */
    @WithSession
    public Uni<Void> check(String value, EmailTokenPurpose purpose) {
        return tokens.findByHash(RandomSecrets.sha256(value)).invoke(token -> {
            if (!matches(token, purpose, now())) {
                throw invalid();
            }
        }).replaceWithVoid();
    }

    /**
     * Uses the token up and returns its user, locked for the change that follows; joins the caller's transaction
     * (a failure rolls everything back, the token stays as it was).
     */
    public Uni<User> use(String value, EmailTokenPurpose purpose) {
        Instant now = now();
        return tokens.findByHashForUpdate(RandomSecrets.sha256(value)).chain(token -> {
            if (!matches(token, purpose, now)) {
                return Uni.createFrom().failure(invalid());
            }
            return users.findExistingForUpdate(token.userId).map(user -> {
                if (user == null || !user.active || !user.email.equals(token.email)) {
                    throw invalid();
                }
                token.usedAt = now;
                return user;
            });
        });
    }

    private static boolean matches(EmailToken token, EmailTokenPurpose purpose, Instant now) {
        return token != null && token.purpose.equals(purpose.value()) && token.usableAt(now);
    }

    private static ProblemException invalid() {
        return ProblemException.badRequest("token", INVALID);
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
