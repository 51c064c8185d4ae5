package dev.agora.gateway.auth.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** An access token (JWT, {@code expiresIn} seconds) and the opaque refresh token that renews it once. */
@RegisterForReflection
public record TokenResponse(String accessToken, String refreshToken, long expiresIn, String tokenType) {
}
