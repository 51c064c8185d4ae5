package dev.agora.marketplace.profile.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The whole user-set part of a profile (PUT: absent fields are cleared). */
@RegisterForReflection
public record UpdateProfileRequest(String username, String bio, String avatarUrl, String walletChain,
        String walletAddress) {
}
