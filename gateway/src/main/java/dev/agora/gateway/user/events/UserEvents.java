package dev.agora.gateway.user.events;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The events the gateway publishes about users on {@code identity.v1} (key = user id).
 * Schema: {@code contracts/identity.v1/} at the repository root.
 */
public final class UserEvents {
    public static final String REGISTERED = "agora.user.registered.v1";
    public static final String DELETED = "agora.user.deleted.v1";

    private UserEvents() {
    }

    @RegisterForReflection
    public record Registered(UUID userId, String email, String displayName, Instant createdAt) {
    }

    /** The account is gone: every service drops or disables what the user owned. */
    @RegisterForReflection
    public record Deleted(UUID userId, Instant deletedAt) {
    }
}
