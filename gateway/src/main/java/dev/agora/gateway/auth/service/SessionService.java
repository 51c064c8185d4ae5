package dev.agora.gateway.auth.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.agora.gateway.auth.AuthConfig;
import dev.agora.gateway.auth.repository.RefreshToken;
import dev.agora.gateway.auth.repository.RefreshTokenRepository;
import dev.agora.gateway.user.repository.User;
import dev.agora.gateway.user.repository.UserRepository;
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
    private final UserRepository users;
    private final AuthConfig config;

    public SessionService(RefreshTokenRepository tokens, UserRepository users, AuthConfig config) {
        this.tokens = tokens;
        this.users = users;
        this.config = config;
    }

    /** A refresh token issued to a user, with the user it belongs to. */
    public record Issued(User user, String refreshToken) {
    }

    /** Starts a new family for a user who just proved their password. */
    @WithTransaction
    public Uni<String> start(User user) {
        Instant now = now();
        return users.recordLogin(user.id, now)
                .chain(() -> issue(user.id, UUID.randomUUID(), now));
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
                return tokens.revokeFamily(token.familyId, now).replaceWith(Optional.empty());
            }
            if (!token.expiresAt.isAfter(now)) {
                return Uni.createFrom().item(Optional.empty());
            }
            token.usedAt = now;
            return users.findById(token.userId).chain(user -> {
                if (user == null || !user.active) {
                    return tokens.revokeFamily(token.familyId, now).replaceWith(Optional.<Issued> empty());
                }
                return issue(user.id, token.familyId, now).map(next -> Optional.of(new Issued(user, next)));
            });
        });
    }

    /** Ends the session the token belongs to; an unknown token changes nothing. */
    @WithTransaction
    public Uni<Void> end(String refreshToken) {
        return tokens.find("tokenHash", hash(refreshToken)).firstResult()
                .chain(token -> token == null ? Uni.createFrom().voidItem()
                        : tokens.revokeFamily(token.familyId, now()).replaceWithVoid());
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
