package dev.agora.marketplace.usage.service;

/**
 * The latency buckets of {@code api_usage_daily.latency_histogram}: bucket i (1-based, as in SQL) counts requests
 * that took at most {@code BOUNDS_MS[i-1]} ms (and more than the previous bound); the last bucket is open-ended.
 * Bounds grow by at most 25 % per step (1-2-2.5-3-4-5-6-8-10 per decade), so a p95 read from it is within 25 % of the
 * exact one, and never more than the slowest request seen.
 */
public final class UsageHistogram {
    static final long[] BOUNDS_MS = { 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100, 120, 150, 200,
            250, 300, 400, 500, 600, 800, 1000, 1200, 1500, 2000, 2500, 3000, 4000, 5000, 6000, 8000, 10000, 12000,
            15000, 20000, 25000, 30000, 40000, 50000, 60000 };
    /** the bounded buckets and the open-ended one */
    public static final int BUCKETS = BOUNDS_MS.length + 1;

    private UsageHistogram() {
    }

    /** The 1-based bucket of a latency. */
    public static int bucketOf(long latencyMs) {
        for (int i = 0; i < BOUNDS_MS.length; i++) {
            if (latencyMs <= BOUNDS_MS[i]) {
                return i + 1;
            }
        }
        return BUCKETS;
    }

    /**
     * The p95 (nearest rank: the smallest latency with at least 95 % of the requests at or below it), as the upper
     * bound of its bucket, capped by the slowest request; null without requests.
     */
    public static Long p95(long[] counts, long maxLatencyMs) {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        if (total == 0) {
            return null;
        }
        long rank = (long) Math.ceil(total * 0.95);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return i < BOUNDS_MS.length ? Math.min(BOUNDS_MS[i], maxLatencyMs) : maxLatencyMs;
            }
        }
        return maxLatencyMs;
    }
}
