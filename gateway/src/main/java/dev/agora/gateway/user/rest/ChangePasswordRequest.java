package dev.agora.gateway.user.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import dev.agora.gateway.auth.rest.AcceptablePassword;
import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
public record ChangePasswordRequest(@NotNull @Size(max = AcceptablePassword.MAX_LENGTH) String currentPassword,
        @AcceptablePassword String newPassword) {
}
