package dev.agora.gateway.verification.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The token of a verification mail. */
@RegisterForReflection
public record VerifyEmailRequest(@NotBlank @Size(max = 128) String token) {
}
