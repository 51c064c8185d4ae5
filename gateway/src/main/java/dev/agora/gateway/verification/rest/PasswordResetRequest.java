package dev.agora.gateway.verification.rest;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import dev.agora.gateway.auth.rest.RegisterRequest;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Whose password to reset: an email address, normalised like at registration. */
@RegisterForReflection
public record PasswordResetRequest(
        @NotBlank @Size(max = 254) @Email(regexp = RegisterRequest.EMAIL_PATTERN, message = "must be an email address") String email) {

    public PasswordResetRequest {
        email = RegisterRequest.normaliseEmail(email);
    }
}
