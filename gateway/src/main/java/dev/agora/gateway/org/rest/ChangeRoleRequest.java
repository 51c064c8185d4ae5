package dev.agora.gateway.org.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import io.quarkus.runtime.annotations.RegisterForReflection;

import dev.agora.gateway.org.model.Roles;

/** {@code PATCH /api/orgs/{slug}/members/{userId}}. */
@RegisterForReflection
public record ChangeRoleRequest(@NotNull @Pattern(regexp = Roles.PATTERN, message = Roles.RULE) String role) {
}
