package dev.agora.gateway.auth.rest;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.agora.gateway.auth.model.AcceptablePassword;
import dev.agora.gateway.user.model.NewAccount;
import dev.agora.gateway.user.model.UserFields;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Emails are normalised (trimmed, lower-cased) and display names trimmed before they are validated. */
@RegisterForReflection
public record RegisterRequest(
        @NotBlank @Size(max = 254) @Email(regexp = UserFields.EMAIL_PATTERN, message = "must be an email address") String email,
        @AcceptablePassword String password,
        @Size(max = 32) @Pattern(regexp = UserFields.USERNAME_PATTERN, message = UserFields.USERNAME_RULE) String username,
        @NotBlank @Size(max = 100) String displayName) {

    public RegisterRequest {
        email = UserFields.normaliseEmail(email);
        displayName = displayName == null ? null : displayName.strip();
        username = UserFields.normaliseUsername(username);
    }

    public NewAccount toAccount() {
        return new NewAccount(email, password, username, displayName);
    }
}
