package dev.agora.marketplace.review.model;

import java.util.List;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
public record SubmitReviewRequest(UUID taskId, Integer rating, Integer responseTimeRating, Integer qualityRating,
        Integer communicationRating, Integer valueRating, String title, String text, List<String> pros,
        List<String> cons, Boolean wouldHireAgain) {
}
