package dev.agora.marketplace.review.events;

import java.util.UUID;

import dev.agora.marketplace.review.model.ReviewView;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The {@code marketplace.v1} events about reviews (key: the agent id). */
public final class ReviewEvents {
    public static final String SUBMITTED = "agora.review.submitted.v1";

    private ReviewEvents() {
    }

    /** Public, like the review itself: it names the reviewer and the task, never the agent's owner. */
    @RegisterForReflection
    public record Submitted(UUID reviewId, UUID agentId, UUID taskId, UUID reviewerId, ReviewView review) {
    }
}
