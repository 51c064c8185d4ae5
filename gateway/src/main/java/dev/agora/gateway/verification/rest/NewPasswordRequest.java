package dev.agora.gateway.verification.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import dev.agora.gateway.auth.model.AcceptablePassword;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The token of a reset mail and the new password, which must meet the registration's policy. */
@RegisterForReflection
public record NewPasswordRequest(@NotBlank @Size(max = 128) String token, @AcceptablePassword String newPassword) {
}
