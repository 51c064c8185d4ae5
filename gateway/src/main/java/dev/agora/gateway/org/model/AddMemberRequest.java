package dev.agora.gateway.org.model;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

import dev.agora.gateway.user.model.UserFields;

/** {@code POST /api/orgs/{slug}/members}: an existing user, by email (normalised like at registration). */
@RegisterForReflection
public record AddMemberRequest(
        @NotBlank @Size(max = 254) String email,
        @NotNull @Pattern(regexp = Roles.PATTERN, message = Roles.RULE) String role) {

    public AddMemberRequest {
        email = UserFields.normaliseEmail(email);
    }
}
