package dev.agora.marketplace.review.events;

import java.util.UUID;

import dev.agora.marketplace.review.rest.ReviewView;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The {@code marketplace.v1} events about reviews (key: the agent id). */
public final class ReviewEvents {
    public static final String SUBMITTED = "agora.review.submitted.v1";

    private ReviewEvents() {
    }

    /** {@code ownerId} is the agent's owner: the one the review is about. */
    @RegisterForReflection
    public record Submitted(UUID reviewId, UUID agentId, UUID taskId, UUID reviewerId, UUID ownerId, ReviewView review) {
    }
}
