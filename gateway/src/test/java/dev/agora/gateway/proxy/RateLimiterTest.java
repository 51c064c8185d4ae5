package dev.agora.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.vertx.core.Future;

class RateLimiterTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    /** One shared bucket that never refills, counting the round trips a replica makes to it. */
    private static final class CountingBucket implements RateLimiter.SharedBuckets {
        double tokens;
        int takes;

        CountingBucket(double tokens) {
            this.tokens = tokens;
        }

        @Override
        public Future<RateLimiter.Grant> take(String key, double capacity, double refillPerSecond, int wanted) {
            takes++;
            int granted = (int) Math.min(wanted, Math.floor(tokens));
            tokens -= granted;
            return Future.succeededFuture(new RateLimiter.Grant(granted, tokens));
        }
    }

    private static RateLimitConfig plan(int capacity) {
        RateLimitConfig.Bucket bucket = new RateLimitConfig.Bucket() {
            @Override
            public int capacity() {
                return capacity;
            }

            @Override
            public double refillPerSecond() {
                return 0;
            }
        };
        return new RateLimitConfig() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public Map<String, Bucket> plans() {
                return Map.of("free", bucket);
            }
        };
    }

    private static RateLimiter.Decision decide(RateLimiter limiter) {
        return limiter.take("user:ada", "free").result();
    }

    @Test
    void busyCallerTakesTokensInGrowingLeasesAndNeverMoreThanTheBucketHolds() {
        CountingBucket bucket = new CountingBucket(2000);
        RateLimiter limiter = new RateLimiter(bucket, plan(2000), nanos::get);

        for (int i = 0; i < 2000; i++) {
            assertTrue(decide(limiter).allowed(), "request " + i);
        }
        RateLimiter.Decision over = decide(limiter);

        assertFalse(over.allowed());
        assertEquals(0, over.remaining());
        assertTrue(bucket.takes < 40, "a busy caller leases up to 100 tokens per round trip: " + bucket.takes);
    }

    @Test
    void remainingCountsTheSharedBucketAndTheUnspentLease() {
        CountingBucket bucket = new CountingBucket(1000);
        RateLimiter limiter = new RateLimiter(bucket, plan(1000), nanos::get);

        int previous = Integer.MAX_VALUE;
        for (int i = 1; i <= 300; i++) {
            RateLimiter.Decision decision = decide(limiter);
            assertEquals(1000 - i, decision.remaining(), "after " + i + " requests");
            assertTrue(decision.remaining() < previous);
            previous = decision.remaining();
        }
    }

    @Test
    void quietCallerTakesOneTokenAtATime() {
        CountingBucket bucket = new CountingBucket(1000);
        RateLimiter limiter = new RateLimiter(bucket, plan(1000), nanos::get);

        for (int i = 0; i < 10; i++) {
            assertTrue(decide(limiter).allowed());
            nanos.addAndGet(2_000_000_000L);
        }

        assertEquals(10, bucket.takes);
        assertEquals(990, bucket.tokens, "nothing was leased ahead for a caller who comes every two seconds");
    }

    @Test
    void smallBucketIsNeverLeasedAhead() {
        CountingBucket bucket = new CountingBucket(3);
        RateLimiter limiter = new RateLimiter(bucket, plan(3), nanos::get);

        assertEquals(2, decide(limiter).remaining());
        assertEquals(1, decide(limiter).remaining());
        assertEquals(0, decide(limiter).remaining());
        assertFalse(decide(limiter).allowed());
        assertEquals(4, bucket.takes);
    }
}
