package dev.agora.gateway.org.model;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agora.gateway.org.repository.Organization;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** An organization as one of its members sees it, with the caller's own {@code role} in it. */
@RegisterForReflection
public record OrgView(UUID id, String slug, String name, String description, String url, JsonNode settings,
        String role, UUID createdBy, Instant createdAt, Instant updatedAt) {

    public static OrgView of(Organization org, String role) {
        return new OrgView(org.id, org.slug, org.name, org.description, org.url, org.settings, role, org.createdBy,
                org.createdAt, org.updatedAt);
    }
}
