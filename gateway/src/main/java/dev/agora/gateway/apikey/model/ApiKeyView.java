package dev.agora.gateway.apikey.model;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.agora.gateway.apikey.repository.ApiKey;
import dev.agora.gateway.apikey.model.Scopes;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** An API key as listed; {@code key} is present only in the answer that created it. */
@RegisterForReflection
public record ApiKeyView(UUID id, String name, String prefix, List<String> scopes, Instant createdAt,
        Instant lastUsedAt, Instant expiresAt, Instant revokedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String key) {

    public static ApiKeyView of(ApiKey key) {
        return of(key, null);
    }

    public static ApiKeyView of(ApiKey key, String secret) {
        return new ApiKeyView(key.id, key.name, key.prefix, Scopes.split(key.scopes), key.createdAt, key.lastUsedAt,
                key.expiresAt, key.revokedAt, secret);
    }
}
