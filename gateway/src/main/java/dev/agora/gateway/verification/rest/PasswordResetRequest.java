package dev.agora.gateway.verification.rest;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

import dev.agora.gateway.user.model.UserFields;

/** Whose password to reset: an email address, normalised like at registration. */
@RegisterForReflection
public record PasswordResetRequest(
        @NotBlank @Size(max = 254) @Email(regexp = UserFields.EMAIL_PATTERN, message = "must be an email address") String email) {

    public PasswordResetRequest {
        email = UserFields.normaliseEmail(email);
    }
}
