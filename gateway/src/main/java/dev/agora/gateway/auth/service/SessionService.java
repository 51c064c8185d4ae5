package dev.agora.gateway.auth.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.agora.gateway.auth.AuthConfig;
import dev.agora.gateway.auth.repository.RefreshToken;
import dev.agora.gateway.auth.repository.RefreshTokenRepository;
import dev.agora.gateway.auth.repository.UserSession;
import dev.agora.gateway.auth.repository.UserSessionRepository;
import dev.agora.gateway.user.repository.User;
import dev.agora.gateway.user.repository.UserRepository;
import dev.agora.common.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Sign-in sessions as families of rotating refresh tokens. A refresh token is 256 random bits (base64url),
 * shown once and stored only as its SHA-256. Using one marks it used and adds its successor to the family;
 * presenting a used one again means it leaked, so the whole family is revoked.
 * <p>
 * Rejections are returned, not thrown: a revocation must commit even though the caller gets a 401.
 */
@ApplicationScoped
public class SessionService {
    private static final Logger LOG = Logger.getLogger(SessionService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RefreshTokenRepository tokens;
    private final UserSessionRepository sessions;
    private final UserRepository users;
    private final AuthConfig config;

    public SessionService(RefreshTokenRepository tokens, UserSessionRepository sessions, UserRepository users,
            AuthConfig config) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.users = users;
        this.config = config;
    }

    /** A refresh token issued to a user, with the user and the session (token family) it belongs to. */
    public record Issued(User user, UUID sessionId, String refreshToken) {
    }

    /** Starts a new session (token family) for a user who just proved their password. */
    @WithTransaction
    public Uni<Issued> start(User user, ClientInfo client) {
        Instant now = now();
        UserSession session = new UserSession();
        session.id = UUID.randomUUID();
        session.userId = user.id;
        session.createdAt = now;
        session.lastUsedAt = now;
        session.ip = client.ip();
        session.userAgent = client.userAgent();
        return users.recordLogin(user.id, now)
                .chain(() -> sessions.persist(session))
                .chain(() -> issue(user.id, session.id, now))
                .map(refresh -> new Issued(user, session.id, refresh));
    }

    /** The user's open sessions, newest first. */
    @WithSession
    public Uni<List<UserSession>> listOpen(UUID userId) {
        return sessions.listOpen(userId, now().minus(config.refreshTokenTtl()));
    }

    /** Revokes one of the user's sessions; someone else's, or one that does not exist, is 404. */
    @WithTransaction
    public Uni<Void> revoke(UUID userId, UUID sessionId) {
        return sessions.findById(sessionId)
                .chain(session -> {
                    if (session == null || !session.userId.equals(userId)) {
                        return Uni.createFrom().failure(ProblemException.notFound("session " + sessionId));
                    }
                    return revokeAll(List.of(session.id), now());
                });
    }

    /**
     * Revokes every session of a user but one; joins the caller's transaction.
     *
     * @param keep the session to leave open (the caller's own), or null to revoke them all
     */
    public Uni<Void> revokeAllBut(UUID userId, UUID keep) {
        return sessions.openIdsOf(userId, keep).chain(ids -> revokeAll(ids, now()));
    }

    private Uni<Void> revokeAll(List<UUID> sessionIds, Instant now) {
        if (sessionIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return sessions.update("revokedAt = ?1 where id in ?2 and revokedAt is null", now, sessionIds)
                .chain(() -> tokens.revokeFamilies(sessionIds, now))
                .replaceWithVoid();
    }

    /** Trades a refresh token for its successor; empty when the token is unknown, expired, revoked or reused. */
    @WithTransaction
    public Uni<Optional<Issued>> rotate(String refreshToken) {
        Instant now = now();
        return tokens.findByHashForUpdate(hash(refreshToken)).chain(token -> {
            if (token == null) {
                return Uni.createFrom().item(Optional.empty());
            }
            if (token.revokedAt != null) {
                return Uni.createFrom().item(Optional.empty());
            }
            if (token.usedAt != null) {
                LOG.warnf("Refresh token %s of family %s was presented again: revoking the family", token.id, token.familyId);
                return revokeAll(List.of(token.familyId), now).replaceWith(Optional.empty());
            }
            if (!token.expiresAt.isAfter(now)) {
                return Uni.createFrom().item(Optional.empty());
            }
            token.usedAt = now;
            return users.findById(token.userId).chain(user -> {
                if (user == null || !user.active || user.deletedAt != null) {
                    return revokeAll(List.of(token.familyId), now).replaceWith(Optional.<Issued> empty());
                }
                return sessions.touch(token.familyId, now)
                        .chain(() -> issue(user.id, token.familyId, now))
                        .map(next -> Optional.of(new Issued(user, token.familyId, next)));
            });
        });
    }

    /** Ends the session the token belongs to; an unknown token changes nothing. */
    @WithTransaction
    public Uni<Void> end(String refreshToken) {
        return tokens.find("tokenHash", hash(refreshToken)).firstResult()
                .chain(token -> token == null ? Uni.createFrom().voidItem()
                        : revokeAll(List.of(token.familyId), now()));
    }

    private Uni<String> issue(UUID userId, UUID familyId, Instant now) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        RefreshToken token = new RefreshToken();
        token.id = UUID.randomUUID();
        token.userId = userId;
        token.familyId = familyId;
        token.tokenHash = hash(value);
        token.createdAt = now;
        token.expiresAt = now.plus(config.refreshTokenTtl());
        return tokens.persist(token).replaceWith(value);
    }

    static String hash(String refreshToken) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(refreshToken.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
