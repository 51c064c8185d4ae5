package dev.agora.gateway.auth.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
public record RefreshRequest(@NotBlank @Size(max = 200) String refreshToken) {
}
