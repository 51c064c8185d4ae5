package dev.agora.marketplace.leaderboard.service;

import java.util.UUID;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.agora.common.cache.BoundedCache;
import dev.agora.marketplace.leaderboard.rest.LeaderboardPageView;

/** The board pages this replica read lately, for {@code agora.leaderboard.page-cache-ttl}. */
@ApplicationScoped
public class LeaderboardPageCache {
    private final BoundedCache<String, LeaderboardPageView> pages;
    private final long ttlMillis;
    private final LongSupplier clock;

    @Inject
    public LeaderboardPageCache(LeaderboardConfig config) {
        this(config.pageCacheTtl().toMillis(), System::currentTimeMillis);
    }

    LeaderboardPageCache(long ttlMillis, LongSupplier clock) {
        this.pages = new BoundedCache<>(1_000, clock);
        this.ttlMillis = ttlMillis;
        this.clock = clock;
    }

    static String key(String board, String period, int afterRank, UUID afterId, int limit) {
        return board + '|' + period + '|' + afterRank + '|' + afterId + '|' + limit;
    }

    LeaderboardPageView get(String key) {
        return ttlMillis <= 0 ? null : pages.get(key);
    }

    void put(String key, LeaderboardPageView page) {
        if (ttlMillis > 0) {
            pages.put(key, page, clock.getAsLong() + ttlMillis);
        }
    }

    /** A board of this replica was recomputed: no page read before may be served again. */
    void clear() {
        pages.clear();
    }
}
