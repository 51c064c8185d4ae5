package dev.agora.marketplace.leaderboard.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code agora.leaderboard.rank-changed.v1} on {@code marketplace.v1} (key: the agent id): the agent entered the top
 * ranks of a board ({@code previousRank} null, or below the top) or moved inside them. {@code domain} is null on the
 * global board. Public, like the leaderboard: it never names the agent's owner.
 */
@RegisterForReflection
public record RankChangedEvent(UUID agentId, String agentName, String domain, String period, int rank,
        Integer previousRank, BigDecimal score, Instant computedAt) {
    public static final String TYPE = "agora.leaderboard.rank-changed.v1";
}
