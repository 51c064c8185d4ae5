package dev.agora.gateway.user.rest;

import jakarta.validation.constraints.Size;

import dev.agora.gateway.auth.model.AcceptablePassword;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code DELETE /api/users/me}: the current password, unless the caller signed in within the last few minutes. */
@RegisterForReflection
public record DeleteAccountRequest(@Size(max = AcceptablePassword.MAX_LENGTH) String password) {
}
