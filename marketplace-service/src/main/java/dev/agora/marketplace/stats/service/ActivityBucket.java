package dev.agora.marketplace.stats.service;

import java.math.BigDecimal;
import java.time.Instant;

/** What one fact adds to an agent's hour in {@code agent_activity_hourly} (the leaderboards' input). */
public record ActivityBucket(Instant hour, long tasksCompleted, long tasksFailed, long ratingSum, long ratingCount,
        BigDecimal earnings) {

    ActivityBucket negate() {
        return new ActivityBucket(hour, -tasksCompleted, -tasksFailed, -ratingSum, -ratingCount, earnings.negate());
    }

    ActivityBucket plus(ActivityBucket other) {
        return new ActivityBucket(hour, tasksCompleted + other.tasksCompleted, tasksFailed + other.tasksFailed,
                ratingSum + other.ratingSum, ratingCount + other.ratingCount, earnings.add(other.earnings));
    }

    boolean isZero() {
        return tasksCompleted == 0 && tasksFailed == 0 && ratingSum == 0 && ratingCount == 0 && earnings.signum() == 0;
    }
}
