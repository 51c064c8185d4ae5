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

import dev.agora.common.auth.RevokedSessionStore;
import dev.agora.common.auth.RevokedSessions;
import dev.agora.common.auth.SessionRevokedEvent;
import dev.agora.common.events.Audience;
import dev.agora.common.events.Topics;
import dev.agora.common.outbox.AfterCommit;
import dev.agora.common.outbox.OutboxWriter;
import dev.agora.common.outbox.WithOutboxTransaction;
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
 * <p>
 * Ending a session also ends its access tokens: in the same transaction the session is recorded in
 * {@code revoked_sessions} and {@code agora.session.revoked.v1} is appended to the outbox (every service refuses
 * its tokens once it has it); once committed, this replica refuses them at once, the gateway's other replicas
 * within {@code agora.auth.revoked-sessions.refresh-interval}. Every public method that may end a session is
 * therefore an outbox transaction, or runs inside one.
 */
@ApplicationScoped
public class SessionService {
    private static final Logger LOG = Logger.getLogger(SessionService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RefreshTokenRepository tokens;
    private final UserSessionRepository sessions;
    private final UserRepository users;
    private final AuthConfig config;
    private final OutboxWriter outbox;
    private final RevokedSessionStore revocations;
    private final RevokedSessions revoked;

    public SessionService(RefreshTokenRepository tokens, UserSessionRepository sessions, UserRepository users,
            AuthConfig config, OutboxWriter outbox, RevokedSessionStore revocations, RevokedSessions revoked) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.users = users;
        this.config = config;
        this.outbox = outbox;
        this.revocations = revocations;
        this.revoked = revoked;
    }

    /**
     * A refresh token issued to a user, with the user, the session (token family) it belongs to, and when the user
     * last proved their password in it ({@code auth_time}).
     */
    public record Issued(User user, UUID sessionId, Instant authenticatedAt, String refreshToken) {
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
        session.authenticatedAt = now;
        session.ip = client.ip();
        session.userAgent = client.userAgent();
        return users.recordLogin(user.id, now)
                .invoke(recorded -> {
                    if (recorded == 0) {
                        // deactivated or deleted since its password was checked
                        throw ProblemException.unauthorized(AuthService.INVALID_CREDENTIALS);
                    }
                })
                .chain(() -> sessions.persist(session))
                .chain(() -> issue(user.id, session.id, now))
                .map(refresh -> new Issued(user, session.id, session.authenticatedAt, refresh));
    }

    /** The user's open sessions, newest first. */
    @WithSession
    public Uni<List<UserSession>> listOpen(UUID userId) {
        return sessions.listOpen(userId, now().minus(config.refreshTokenTtl()));
    }

    /** Revokes one of the user's sessions; someone else's, or one that does not exist, is 404. */
    @WithOutboxTransaction
    public Uni<Void> revoke(UUID userId, UUID sessionId) {
        return sessions.findById(sessionId)
                .chain(session -> {
                    if (session == null || !session.userId.equals(userId)) {
                        return Uni.createFrom().failure(ProblemException.notFound("session " + sessionId));
                    }
                    return revokeAll(userId, List.of(session.id), SessionRevokedEvent.REVOKED);
                });
    }

    /**
     * Revokes every session of a user but one; joins the caller's outbox transaction.
     *
     * @param keep the session to leave open (the caller's own), or null to revoke them all
     * @param reason why, as {@code agora.session.revoked.v1} says ({@link SessionRevokedEvent})
     */
    public Uni<Void> revokeAllBut(UUID userId, UUID keep, String reason) {
        return sessions.openIdsOf(userId, keep).chain(ids -> revokeOpen(userId, ids, reason, now()));
    }

    private Uni<Void> revokeAll(UUID userId, List<UUID> sessionIds, String reason) {
        return sessions.openAmong(sessionIds).chain(open -> revokeOpen(userId, open, reason, now()));
    }

    private Uni<Void> revokeOpen(UUID userId, List<UUID> sessionIds, String reason, Instant now) {
        if (sessionIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return sessions.revoke(sessionIds, now)
                .chain(() -> tokens.revokeFamilies(sessionIds, now))
                .chain(() -> revocations.record(userId, sessionIds, now))
                .chain(() -> outbox.append(Topics.IDENTITY, SessionRevokedEvent.TYPE, userId,
                        new SessionRevokedEvent(userId, sessionIds, now, reason), Audience.users(userId)))
                .invoke(() -> AfterCommit.run(() -> revoked.remember(sessionIds, revocations.forgetAfter(now))))
                .replaceWithVoid();
    }

    /**
     * Trades a refresh token for its successor; empty when the token is unknown, expired, revoked or reused. The
     * session's {@code auth_time} stays: a refresh proves possession of the refresh token, not of the password.
     */
    @WithOutboxTransaction
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
                return revokeAll(token.userId, List.of(token.familyId), SessionRevokedEvent.REFRESH_TOKEN_REUSED)
                        .replaceWith(Optional.empty());
            }
            if (!token.expiresAt.isAfter(now)) {
                return Uni.createFrom().item(Optional.empty());
            }
            token.usedAt = now;
            return users.findById(token.userId).chain(user -> {
                if (user == null || !user.active || user.deletedAt != null) {
                    String reason = user == null || user.deletedAt != null ? SessionRevokedEvent.DELETED
                            : SessionRevokedEvent.DEACTIVATED;
                    return revokeAll(token.userId, List.of(token.familyId), reason).replaceWith(Optional.<Issued> empty());
                }
                return sessions.findById(token.familyId).chain(session -> {
                    if (session == null) {
                        return Uni.createFrom().item(Optional.<Issued> empty());
                    }
                    session.lastUsedAt = now;
                    return issue(user.id, token.familyId, now)
                            .map(next -> Optional.of(new Issued(user, token.familyId, session.authenticatedAt, next)));
                });
            });
        });
    }

    /** Ends the session the token belongs to; an unknown token changes nothing. */
    @WithOutboxTransaction
    public Uni<Void> end(String refreshToken) {
        return tokens.find("tokenHash", hash(refreshToken)).firstResult()
                .chain(token -> token == null ? Uni.createFrom().voidItem()
                        : revokeAll(token.userId, List.of(token.familyId), SessionRevokedEvent.LOGOUT));
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
