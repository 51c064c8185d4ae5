package dev.agora.marketplace.review.model;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.agora.marketplace.review.repository.Review;
import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
public record ReviewView(
        UUID id,
        UUID taskId,
        UUID agentId,
        UUID reviewerId,
        int rating,
        Integer responseTimeRating,
        Integer qualityRating,
        Integer communicationRating,
        Integer valueRating,
        String title,
        String text,
        List<String> pros,
        List<String> cons,
        Boolean wouldHireAgain,
        String ownerReply,
        Instant repliedAt,
        Instant createdAt) {

    public static ReviewView of(Review review) {
        return new ReviewView(review.id, review.taskId, review.agentId, review.reviewerId, review.rating,
                review.responseTimeRating, review.qualityRating, review.communicationRating, review.valueRating,
                review.title, review.text, review.pros == null ? List.of() : List.of(review.pros),
                review.cons == null ? List.of() : List.of(review.cons), review.wouldHireAgain, review.ownerReply,
                review.repliedAt, review.createdAt);
    }
}
