package dev.agora.marketplace.review.model;

import java.util.List;

import dev.agora.marketplace.catalog.model.AgentProfileView;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A page of an agent's reviews with its rating breakdown. */
@RegisterForReflection
public record AgentReviewsView(List<ReviewView> items, String nextCursor, AgentProfileView.RatingBreakdown ratingBreakdown) {
}
