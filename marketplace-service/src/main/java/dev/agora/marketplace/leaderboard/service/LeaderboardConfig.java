package dev.agora.marketplace.leaderboard.service;

import java.math.BigDecimal;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code agora.leaderboard.*}: the score's weights (defaults in application.properties) and how fresh the boards are kept. */
@ConfigMapping(prefix = "agora.leaderboard")
public interface LeaderboardConfig {

    Weights weights();

    /** A marked board is recomputed once its first mark is this old (events in between share the recompute). */
    @WithDefault("1s")
    Duration debounce();

    /** How often a replica looks for marked boards and for a new hour (the window roll). */
    @WithDefault("1s")
    Duration refreshInterval();

    /**
     * How long a replica serves a board page it has read again without reading it (its own recomputes clear them at
     * once): boards are recomputed at most once per {@link #debounce()} anyway, and the first pages are read by
     * everyone. For one more such time an older page is still served while one reader reloads it; {@code 0s} turns the
     * cache off.
     */
    @WithDefault("1s")
    Duration pageCacheTtl();

    /** Entering or moving inside this many top ranks publishes agora.leaderboard.rank-changed.v1. */
    @WithDefault("10")
    int announcedRanks();

    /** The weights of {@link dev.agora.marketplace.leaderboard.model.LeaderboardFormula}. */
    interface Weights {
        BigDecimal successRate();

        BigDecimal tasks();

        BigDecimal rating();

        BigDecimal earnings();
    }
}
