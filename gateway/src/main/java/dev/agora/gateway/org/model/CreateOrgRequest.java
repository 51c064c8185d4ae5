package dev.agora.gateway.org.model;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code POST /api/orgs}. Name, description and url are trimmed; blank description or url count as absent. */
@RegisterForReflection
public record CreateOrgRequest(
        @NotNull @Pattern(regexp = SLUG_PATTERN, message = SLUG_RULE) String slug,
        @NotBlank @Size(max = 200) String name,
        @Size(max = 2000) String description,
        @Size(max = 2048) @Pattern(regexp = URL_PATTERN, message = URL_RULE) String url,
        JsonNode settings) {

    public static final String SLUG_PATTERN = "^[a-z0-9-]{3,63}$";
    public static final String SLUG_RULE = "must be 3 to 63 characters: lower-case letters, digits and '-'";
    public static final String URL_PATTERN = "^https?://[^\\s/?#]+[^\\s]*$";
    public static final String URL_RULE = "must be an http(s) URL";

    public CreateOrgRequest {
        name = strip(name);
        description = blankToNull(description);
        url = blankToNull(url);
    }

    static String strip(String value) {
        return value == null ? null : value.strip();
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
