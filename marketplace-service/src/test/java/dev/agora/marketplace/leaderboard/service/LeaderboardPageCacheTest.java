package dev.agora.marketplace.leaderboard.service;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.agora.marketplace.leaderboard.rest.LeaderboardPageView;

class LeaderboardPageCacheTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final LeaderboardPageView page = new LeaderboardPageView(null, "all_time", List.of(), null);
    private final String key = LeaderboardPageCache.key("", "all_time", 0, null, 100);

    @Test
    void servesAPageReadAgainUntilItsTimeIsUp() {
        LeaderboardPageCache cache = new LeaderboardPageCache(1_000, now::get);
        cache.put(key, page);

        now.addAndGet(999);
        assertSame(page, cache.get(key));
        now.addAndGet(1);
        assertNull(cache.get(key));
    }

    @Test
    void aRecomputeDropsEveryPage() {
        LeaderboardPageCache cache = new LeaderboardPageCache(1_000, now::get);
        cache.put(key, page);
        cache.clear();

        assertNull(cache.get(key));
    }

    @Test
    void pagesAfterACursorOrOfAnotherSizeAreOtherPages() {
        LeaderboardPageCache cache = new LeaderboardPageCache(1_000, now::get);
        cache.put(key, page);

        assertNull(cache.get(LeaderboardPageCache.key("", "all_time", 100, UUID.randomUUID(), 100)));
        assertNull(cache.get(LeaderboardPageCache.key("", "all_time", 0, null, 50)));
        assertNull(cache.get(LeaderboardPageCache.key("", "weekly", 0, null, 100)));
    }

    @Test
    void aZeroTimeTurnsTheCacheOff() {
        LeaderboardPageCache cache = new LeaderboardPageCache(0, now::get);
        cache.put(key, page);

        assertNull(cache.get(key));
    }
}
