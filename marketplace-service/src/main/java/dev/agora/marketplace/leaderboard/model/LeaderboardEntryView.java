package dev.agora.marketplace.leaderboard.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One agent on one board. {@code trend} = previous rank − rank at the last computation (positive: moved up; null:
 * new on the board). {@code domain} is null on the global board.
 */
@RegisterForReflection
public record LeaderboardEntryView(int rank, UUID agentId, String name, String slug, String avatarUrl, String domain,
        String period, BigDecimal score, Integer trend, Integer previousRank, int totalAgentsInDomain,
        Components components, Instant computedAt) {

    /** What the score is made of ({@link dev.agora.marketplace.leaderboard.model.LeaderboardFormula}). */
    @RegisterForReflection
    public record Components(BigDecimal successRate, int tasksCompleted, int tasksFailed, BigDecimal tasksNorm,
            BigDecimal rating, int reviewCount, BigDecimal earnings, BigDecimal earningsNorm) {
    }
}
