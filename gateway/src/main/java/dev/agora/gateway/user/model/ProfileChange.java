package dev.agora.gateway.user.model;

/** A change of profile: a null field stays as it is, an empty one clears it (the display name cannot be cleared). */
public record ProfileChange(String username, String displayName, String fullName, String avatarUrl) {

    public boolean isEmpty() {
        return username == null && displayName == null && fullName == null && avatarUrl == null;
    }
}
