package dev.agora.gateway.apikey.rest;

import java.time.Instant;
import java.util.UUID;

import dev.agora.gateway.apikey.repository.ServiceAccount;
import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
public record ServiceAccountView(UUID id, String name, String role, UUID createdBy, Instant createdAt) {

    public static ServiceAccountView of(ServiceAccount account) {
        return new ServiceAccountView(account.id, account.name, account.role, account.createdBy, account.createdAt);
    }
}
