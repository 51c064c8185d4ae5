package dev.agora.gateway.user.events;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The events the gateway publishes about users on {@code identity.v1} (key = user id).
 * Schema: {@code src/main/resources/events/identity.v1/}.
 */
public final class UserEvents {
    public static final String REGISTERED = "agora.user.registered.v1";

    private UserEvents() {
    }

    @RegisterForReflection
    public record Registered(UUID userId, String email, String displayName, Instant createdAt) {
    }
}
