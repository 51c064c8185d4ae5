package dev.agora.gateway.user.rest;

import java.time.Instant;
import java.util.UUID;

import dev.agora.gateway.user.repository.User;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The caller's own profile ({@code GET /api/users/me}). */
@RegisterForReflection
public record UserProfile(UUID id, String email, boolean emailVerified, String username, String displayName, String fullName,
        String avatarUrl, String plan, boolean active, Instant createdAt, Instant updatedAt, Instant lastLoginAt) {

    public static UserProfile of(User user) {
        return new UserProfile(user.id, user.email, user.emailVerifiedAt != null, user.username, user.displayName, user.fullName, user.avatarUrl,
                user.plan, user.active, user.createdAt, user.updatedAt, user.lastLoginAt);
    }
}
