package dev.agora.marketplace.catalog.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The profile: the card, skills, rating breakdown and the newest reviews of one listed agent. */
@RegisterForReflection
public record AgentProfileView(
        @JsonUnwrapped CatalogAgentView card,
        String coverImageUrl,
        JsonNode skills,
        RatingBreakdown ratingBreakdown,
        List<ReviewSummary> recentReviews) {

    /** Reviews per star (keys "1".."5", all present) and the mean of each sub-rating (null without any). */
    @RegisterForReflection
    public record RatingBreakdown(Map<String, Long> distribution, BigDecimal responseTime, BigDecimal quality,
            BigDecimal communication, BigDecimal value, long wouldHireAgain) {
    }

    @RegisterForReflection
    public record ReviewSummary(UUID id, int rating, String title, String text, Boolean wouldHireAgain,
            String ownerReply, Instant createdAt) {
    }
}
