package dev.agora.gateway.user.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import dev.agora.gateway.auth.model.AcceptablePassword;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The current password is always required (it is the fresh authentication this change needs). The user's own API
 * keys are revoked with the old password unless {@code keepApiKeys} is true.
 */
@RegisterForReflection
public record ChangePasswordRequest(@NotNull @Size(max = AcceptablePassword.MAX_LENGTH) String currentPassword,
        @AcceptablePassword String newPassword, Boolean keepApiKeys) {

    public boolean keepsApiKeys() {
        return Boolean.TRUE.equals(keepApiKeys);
    }
}
