package dev.agora.marketplace.leaderboard.service;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.agora.common.cache.BoundedCache;
import dev.agora.marketplace.leaderboard.model.LeaderboardPageView;
import io.smallrye.mutiny.Uni;

/**
 * The board pages this replica read lately. A page is fresh for {@code agora.leaderboard.page-cache-ttl}; for one more
 * TTL it is still served while a single reader reloads it in the background, so under a steady read rate no request
 * waits for the database. This replica's recomputes clear every page, and a load that began before a clear is not
 * kept.
 */
@ApplicationScoped
public class LeaderboardPageCache {
    private static final Logger LOG = Logger.getLogger(LeaderboardPageCache.class);

    private record Cached(LeaderboardPageView page, long loadedAtMillis, AtomicBoolean reloading) {
    }

    private final BoundedCache<String, Cached> pages;
    private final long ttlMillis;
    private final LongSupplier clock;
    private long generation;

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

    /** The page under {@code key}, from the cache when it holds one young enough, else from {@code load}. */
    Uni<LeaderboardPageView> get(String key, Supplier<Uni<LeaderboardPageView>> load) {
        if (ttlMillis <= 0) {
            return load.get();
        }
        Cached cached = pages.get(key);
        if (cached == null) {
            return loadInto(key, load);
        }
        if (clock.getAsLong() - cached.loadedAtMillis() >= ttlMillis && cached.reloading().compareAndSet(false, true)) {
            loadInto(key, load).subscribe().with(reloaded -> {
            }, failure -> {
                cached.reloading().set(false);
                LOG.debugf(failure, "Reloading leaderboard page %s failed; the next read tries again", key);
            });
        }
        return Uni.createFrom().item(cached.page());
    }

    /** A board of this replica was recomputed: no page read before may be served again. */
    synchronized void clear() {
        generation++;
        pages.clear();
    }

    private Uni<LeaderboardPageView> loadInto(String key, Supplier<Uni<LeaderboardPageView>> load) {
        long startedAt = clock.getAsLong();
        long startedIn = currentGeneration();
        return load.get().invoke(page -> keep(key, page, startedAt, startedIn));
    }

    private synchronized long currentGeneration() {
        return generation;
    }

    private synchronized void keep(String key, LeaderboardPageView page, long loadedAt, long loadedIn) {
        // a load that began before a recompute may have read the board as it was
        if (loadedIn == generation) {
            pages.put(key, new Cached(page, loadedAt, new AtomicBoolean()), loadedAt + 2 * ttlMillis);
        }
    }
}
