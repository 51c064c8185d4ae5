package dev.agora.gateway.user.rest;

import java.util.Locale;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code PATCH /api/users/me}: absent fields stay as they are; {@code username}, {@code fullName} or
 * {@code avatarUrl} sent as {@code ""} clear them. The email, plan and password change elsewhere.
 */
@RegisterForReflection
public record UpdateProfileRequest(
        @Size(max = 32) @Pattern(regexp = "^$|" + UpdateProfileRequest.USERNAME_PATTERN, message = UpdateProfileRequest.USERNAME_RULE) String username,
        @Size(min = 1, max = 100) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String displayName,
        @Size(max = 200) String fullName,
        @Size(max = 2048) @Pattern(regexp = "^$|^https?://\\S+$", message = "must be an http(s) URL") String avatarUrl) {

    public static final String USERNAME_PATTERN = "^[a-z0-9_-]{3,32}$";
    public static final String USERNAME_RULE = "must be 3 to 32 characters: letters, digits, '_' or '-'";

    public UpdateProfileRequest {
        username = normaliseUsername(username);
        displayName = displayName == null ? null : displayName.strip();
        fullName = fullName == null ? null : fullName.strip();
        avatarUrl = avatarUrl == null ? null : avatarUrl.strip();
    }

    /** Usernames are unique regardless of case: stored trimmed and lower-cased. */
    public static String normaliseUsername(String username) {
        return username == null ? null : username.strip().toLowerCase(Locale.ROOT);
    }

    public boolean isEmpty() {
        return username == null && displayName == null && fullName == null && avatarUrl == null;
    }
}
