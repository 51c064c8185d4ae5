package dev.agora.gateway.auth.model;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import dev.agora.gateway.user.model.UserFields;
import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
public record LoginRequest(@NotBlank @Size(max = 254) String email, @NotNull @Size(max = 128) String password) {

    public LoginRequest {
        email = UserFields.normaliseEmail(email);
    }
}
