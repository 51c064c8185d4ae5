package dev.agora.marketplace.follow.model;

import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Whether I follow the agent now, and how many follow it. */
@RegisterForReflection
public record FollowView(UUID agentId, boolean following, int followerCount) {
}
