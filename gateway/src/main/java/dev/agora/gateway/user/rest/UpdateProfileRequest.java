package dev.agora.gateway.user.rest;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.agora.gateway.user.model.ProfileChange;
import dev.agora.gateway.user.model.UserFields;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code PATCH /api/users/me}: absent fields stay as they are; {@code username}, {@code fullName} or
 * {@code avatarUrl} sent as {@code ""} clear them. The email, plan and password change elsewhere.
 */
@RegisterForReflection
public record UpdateProfileRequest(
        @Size(max = 32) @Pattern(regexp = "^$|" + UserFields.USERNAME_PATTERN, message = UserFields.USERNAME_RULE) String username,
        @Size(min = 1, max = 100) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String displayName,
        @Size(max = 200) String fullName,
        @Size(max = 2048) @Pattern(regexp = "^$|^https?://\\S+$", message = "must be an http(s) URL") String avatarUrl) {

    public UpdateProfileRequest {
        username = UserFields.normaliseUsername(username);
        displayName = displayName == null ? null : displayName.strip();
        fullName = fullName == null ? null : fullName.strip();
        avatarUrl = avatarUrl == null ? null : avatarUrl.strip();
    }

    public ProfileChange toChange() {
        return new ProfileChange(username, displayName, fullName, avatarUrl);
    }
}
