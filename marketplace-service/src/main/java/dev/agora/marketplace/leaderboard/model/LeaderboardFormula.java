package dev.agora.marketplace.leaderboard.model;

import java.math.BigDecimal;
import java.util.Map;

/**
 * A board's score, from 0 to 1: {@code w1·successRate + w2·tasksNorm + w3·rating/5 + w4·earningsNorm}, where
 * successRate = completed / (completed + failed), rating is the mean review (1-5), and tasksNorm and earningsNorm are
 * the agent's completed tasks and earnings over the board's largest; every part and the score are rounded to 6
 * decimals. The weights are configured ({@code agora.leaderboard.weights.*}).
 */
public record LeaderboardFormula(BigDecimal successRate, BigDecimal tasks, BigDecimal rating, BigDecimal earnings) {
    /** The formula with its default weights, as the API describes it. */
    public static final String DESCRIPTION = "score = 0.40·successRate + 0.30·tasksNorm + 0.20·rating/5"
            + " + 0.10·earningsNorm (weights configurable)";
    /** The score over the columns {@code success_rate}, {@code tasks_norm}, {@code rating}, {@code earnings_norm}. */
    public static final String SCORE_SQL = "round(:w_success * success_rate + :w_tasks * tasks_norm"
            + " + :w_rating * rating / 5 + :w_earnings * earnings_norm, 6)";

    /** The weights as the named parameters of {@link #SCORE_SQL}. */
    public Map<String, BigDecimal> parameters() {
        return Map.of("w_success", successRate, "w_tasks", tasks, "w_rating", rating, "w_earnings", earnings);
    }
}
