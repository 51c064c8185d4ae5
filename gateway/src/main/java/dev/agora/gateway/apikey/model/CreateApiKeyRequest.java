package dev.agora.gateway.apikey.model;

import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.agora.gateway.auth.model.AcceptablePassword;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A new API key: a name to recognise it by, its scopes, optionally when it stops working, and the caller's current
 * password unless they signed in within the last few minutes (a key outlives every session: see
 * {@code FreshAuthentication}).
 */
@RegisterForReflection
public record CreateApiKeyRequest(
        @NotBlank @Size(max = 100) String name,
        @NotEmpty @Size(max = 8) List<@NotNull @Pattern(regexp = SCOPE_PATTERN, message = SCOPE_RULE) String> scopes,
        @Future Instant expiresAt,
        @Size(max = AcceptablePassword.MAX_LENGTH) String password) {

    public static final String SCOPE_PATTERN = "^(agents|deployments|marketplace|triggers):(read|write)$";
    public static final String SCOPE_RULE = "must be <agents|deployments|marketplace|triggers>:<read|write>";

    public CreateApiKeyRequest {
        name = name == null ? null : name.strip();
    }
}
