package dev.agora.gateway.auth.rest;

import java.time.Instant;
import java.util.UUID;

import dev.agora.gateway.user.repository.User;
import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
public record RegisteredUser(UUID id, String email, String displayName, Instant createdAt) {

    public static RegisteredUser of(User user) {
        return new RegisteredUser(user.id, user.email, user.displayName, user.createdAt);
    }
}
