package dev.agora.common.auth;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code agora.session.revoked.v1} on {@code identity.v1} (key = user id, audience = the user): sign-in sessions
 * of a user ended, so every access token naming one of them ({@code sid}) is refused from now on. Published by the
 * gateway; every service records it ({@link SessionRevocationProjection}).
 *
 * @param sessionIds the sessions that ended: one (logout, a session revoked, a refresh token reused), every other
 *        one (password change), or all of the user's (deactivation, deletion)
 * @param reason one of the constants below
 */
@RegisterForReflection
public record SessionRevokedEvent(UUID userId, List<UUID> sessionIds, Instant revokedAt, String reason) {
    public static final String TYPE = "agora.session.revoked.v1";

    public static final String LOGOUT = "logout";
    public static final String REVOKED = "revoked";
    public static final String REFRESH_TOKEN_REUSED = "refresh-token-reused";
    public static final String PASSWORD_CHANGED = "password-changed";
    public static final String PASSWORD_RESET = "password-reset";
    public static final String DEACTIVATED = "deactivated";
    public static final String DELETED = "deleted";
}
