package dev.agora.marketplace.profile.model;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.agora.marketplace.profile.repository.UserProfile;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A profile; {@code email} only in the owner's own view; {@code reputationScore} 0-100 or null (no facts). */
@RegisterForReflection
public record ProfileView(UUID userId, String username, String displayName, String bio, String avatarUrl,
        String walletChain, String walletAddress, @JsonInclude(JsonInclude.Include.NON_NULL) String email,
        Instant memberSince, Integer reputationScore) {

    public static ProfileView own(UserProfile profile) {
        return new ProfileView(profile.userId, profile.username, profile.displayName, profile.bio, profile.avatarUrl,
                profile.walletChain, profile.walletAddress, profile.email, profile.createdAt,
                profile.reputationScore);
    }

    public static ProfileView visibleToAnyone(UserProfile profile) {
        return new ProfileView(profile.userId, profile.username, profile.displayName, profile.bio, profile.avatarUrl,
                profile.walletChain, profile.walletAddress, null, profile.createdAt,
                profile.reputationScore);
    }
}
