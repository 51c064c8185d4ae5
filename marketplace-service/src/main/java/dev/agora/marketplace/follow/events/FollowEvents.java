package dev.agora.marketplace.follow.events;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The {@code marketplace.v1} events about followers (key: the agent id). */
public final class FollowEvents {
    public static final String FOLLOWED = "agora.agent.followed.v1";
    public static final String UNFOLLOWED = "agora.agent.unfollowed.v1";
    /** Why a follow ended: the user unfollowed, or the user's account was deleted. */
    public static final String BY_USER = "unfollowed";
    public static final String USER_DELETED = "user-deleted";

    private FollowEvents() {
    }

    @RegisterForReflection
    public record Followed(UUID agentId, UUID userId, Instant followedAt) {
    }

    @RegisterForReflection
    public record Unfollowed(UUID agentId, UUID userId, Instant unfollowedAt, String reason) {
    }
}
