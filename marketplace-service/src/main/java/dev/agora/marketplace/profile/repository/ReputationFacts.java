package dev.agora.marketplace.profile.repository;

/**
 * What a user's reputation is computed from, all as the owner of agents (tasks.owner_id):
 * the reviews of their tasks (count and sum of ratings) and their finished tasks (completed, failed).
 */
public record ReputationFacts(long reviews, long ratingSum, long completed, long failed) {
}
