package dev.agora.gateway.org.model;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code PATCH /api/orgs/{slug}}: absent fields stay as they are; {@code description} or {@code url} sent as
 * {@code ""} clear them; {@code settings} replaces the whole settings object. The slug cannot be changed
 * (access tokens name organizations by it).
 */
@RegisterForReflection
public record UpdateOrgRequest(
        @Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
        @Size(max = 2000) String description,
        @Size(max = 2048) @Pattern(regexp = "^$|" + CreateOrgRequest.URL_PATTERN, message = CreateOrgRequest.URL_RULE) String url,
        JsonNode settings) {

    public UpdateOrgRequest {
        name = CreateOrgRequest.strip(name);
        description = CreateOrgRequest.strip(description);
        url = CreateOrgRequest.strip(url);
    }
}
