package dev.agora.gateway.auth.rest;

import java.util.Locale;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.agora.gateway.user.rest.UpdateProfileRequest;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Emails are normalised (trimmed, lower-cased) and display names trimmed before they are validated. */
@RegisterForReflection
public record RegisterRequest(
        @NotBlank @Size(max = 254) @Email(regexp = EMAIL_PATTERN, message = "must be an email address") String email,
        @AcceptablePassword String password,
        @Size(max = 32) @Pattern(regexp = UpdateProfileRequest.USERNAME_PATTERN, message = UpdateProfileRequest.USERNAME_RULE) String username,
        @NotBlank @Size(max = 100) String displayName) {

    /** Something@domain.tld without spaces; the full RFC 5322 grammar lets through addresses nobody can mail. */
    public static final String EMAIL_PATTERN = "^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$";

    public RegisterRequest {
        email = normaliseEmail(email);
        displayName = displayName == null ? null : displayName.strip();
        username = UpdateProfileRequest.normaliseUsername(username);
    }

    public static String normaliseEmail(String email) {
        return email == null ? null : email.strip().toLowerCase(Locale.ROOT);
    }
}
