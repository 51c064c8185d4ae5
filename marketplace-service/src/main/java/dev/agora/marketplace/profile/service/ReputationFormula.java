package dev.agora.marketplace.profile.service;

import dev.agora.marketplace.profile.repository.ReputationFacts;

/**
 * The reputation score 0-100 (docs/MARKETPLACE.md, "Reputation score"):
 * {@code round(70 * ratingPart + 30 * completionRate)} where
 * {@code ratingPart = (bayesianMean - 1) / 4}, {@code bayesianMean = (PRIOR_MEAN * PRIOR_WEIGHT + ratingSum) /
 * (PRIOR_WEIGHT + reviews)} and {@code completionRate = completed / (completed + failed)}; null without a finished
 * task (a review needs a completed task, so that is also "no facts"). Computed in exact integer arithmetic and
 * rounded half up, so the same facts give the same score everywhere.
 */
public final class ReputationFormula {
    static final long PRIOR_MEAN = 3;
    static final long PRIOR_WEIGHT = 5;
    static final long RATING_WEIGHT = 70;
    static final long COMPLETION_WEIGHT = 30;

    private ReputationFormula() {
    }

    public static Integer score(ReputationFacts facts) {
        long finished = facts.completed() + facts.failed();
        if (finished == 0) {
            return null;
        }
        long weight = PRIOR_WEIGHT + facts.reviews();
        // ratingPart = (PRIOR_MEAN*PRIOR_WEIGHT + sum - weight) / (4 * weight)
        long ratingNumerator = PRIOR_MEAN * PRIOR_WEIGHT + facts.ratingSum() - weight;
        // score = RATING_WEIGHT * ratingNumerator / (4 weight) + COMPLETION_WEIGHT * completed / finished
        long numerator = RATING_WEIGHT * ratingNumerator * finished + COMPLETION_WEIGHT * facts.completed() * 4 * weight;
        long denominator = 4 * weight * finished;
        return (int) ((2 * numerator + denominator) / (2 * denominator));
    }
}
