package dev.agora.marketplace.leaderboard.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import dev.agora.marketplace.leaderboard.model.LeaderboardPageView;
import io.smallrye.mutiny.Uni;

class LeaderboardPageCacheTest {
    private static final long TTL = 1_000;

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final String key = LeaderboardPageCache.key("", "all_time", 0, null, 100);
    private final AtomicInteger loads = new AtomicInteger();

    @Test
    void servesAPageReadAgainWithoutLoadingItWhileItIsFresh() {
        LeaderboardPageCache cache = new LeaderboardPageCache(TTL, now::get);
        LeaderboardPageView first = read(cache, key, loading(page("first")));

        now.addAndGet(TTL - 1);
        assertSame(first, read(cache, key, loading(page("second"))));
        assertEquals(1, loads.get());
    }

    @Test
    void anOlderPageIsServedWhileOneReaderReloadsIt() {
        LeaderboardPageCache cache = new LeaderboardPageCache(TTL, now::get);
        LeaderboardPageView first = read(cache, key, loading(page("first")));
        CompletableFuture<LeaderboardPageView> reload = new CompletableFuture<>();
        Supplier<Uni<LeaderboardPageView>> pending = () -> {
            loads.incrementAndGet();
            return Uni.createFrom().completionStage(reload);
        };

        now.addAndGet(TTL);
        assertSame(first, read(cache, key, pending));
        assertSame(first, read(cache, key, pending));
        assertEquals(2, loads.get(), "one load, then one reload for both readers");

        LeaderboardPageView second = page("second");
        reload.complete(second);
        assertSame(second, read(cache, key, loading(page("third"))));
        assertEquals(2, loads.get());
    }

    @Test
    void aPageTwiceItsTimeOldIsLoadedBeforeItIsServed() {
        LeaderboardPageCache cache = new LeaderboardPageCache(TTL, now::get);
        read(cache, key, loading(page("first")));

        now.addAndGet(2 * TTL);
        LeaderboardPageView second = page("second");
        assertSame(second, read(cache, key, loading(second)));
    }

    @Test
    void aRecomputeDropsEveryPage() {
        LeaderboardPageCache cache = new LeaderboardPageCache(TTL, now::get);
        read(cache, key, loading(page("first")));
        cache.clear();

        LeaderboardPageView second = page("second");
        assertSame(second, read(cache, key, loading(second)));
    }

    @Test
    void aPageLoadedAcrossARecomputeIsServedOnceButNotKept() {
        LeaderboardPageCache cache = new LeaderboardPageCache(TTL, now::get);
        CompletableFuture<LeaderboardPageView> slow = new CompletableFuture<>();
        LeaderboardPageView before = page("read before the recompute");
        CompletableFuture<LeaderboardPageView> answered = cache.get(key, () -> Uni.createFrom().completionStage(slow))
                .subscribeAsCompletionStage();
        cache.clear();
        slow.complete(before);

        assertSame(before, answered.join());
        LeaderboardPageView after = page("read after the recompute");
        assertSame(after, read(cache, key, loading(after)));
    }

    @Test
    void pagesAfterACursorOrOfAnotherSizeAreOtherPages() {
        LeaderboardPageCache cache = new LeaderboardPageCache(TTL, now::get);
        read(cache, key, loading(page("first")));

        read(cache, LeaderboardPageCache.key("", "all_time", 100, UUID.randomUUID(), 100), loading(page("after")));
        read(cache, LeaderboardPageCache.key("", "all_time", 0, null, 50), loading(page("smaller")));
        read(cache, LeaderboardPageCache.key("", "weekly", 0, null, 100), loading(page("weekly")));
        assertEquals(4, loads.get());
    }

    @Test
    void aZeroTimeTurnsTheCacheOff() {
        LeaderboardPageCache cache = new LeaderboardPageCache(0, now::get);
        read(cache, key, loading(page("first")));
        read(cache, key, loading(page("second")));

        assertEquals(2, loads.get());
    }

    private static LeaderboardPageView read(LeaderboardPageCache cache, String key, Supplier<Uni<LeaderboardPageView>> load) {
        return cache.get(key, load).await().indefinitely();
    }

    private Supplier<Uni<LeaderboardPageView>> loading(LeaderboardPageView page) {
        return () -> {
            loads.incrementAndGet();
            return Uni.createFrom().item(page);
        };
    }

    private static LeaderboardPageView page(String next) {
        return new LeaderboardPageView(null, "all_time", List.of(), next);
    }
}
