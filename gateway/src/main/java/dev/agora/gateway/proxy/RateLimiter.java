package dev.agora.gateway.proxy;

import java.util.function.LongSupplier;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.agora.common.cache.BoundedCache;
import io.vertx.core.Future;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Token buckets in PostgreSQL, so every gateway replica enforces one shared limit.
 * <p>
 * A replica takes tokens in leases: one at a time for a caller who is quiet, and, while a caller spends its lease
 * within a second, twice as many on the next take, up to a twentieth of the bucket (at most {@value #MAX_LEASE}).
 * A busy caller then costs a database round trip every few dozen requests instead of on each one, and the limit
 * stays exact: leased tokens have left the shared bucket, so no replica can hand out more than it holds. What a
 * caller leaves unspent in a lease is kept for it for {@value #LEASE_KEPT_SECONDS} seconds of silence, then
 * forfeited (a twentieth of its bucket at most). A take is one UPSERT that refills the bucket for the time since its
 * last use and takes up to the lease.
 */
@Singleton
public class RateLimiter {
    static final int MAX_LEASE = 100;
    static final long LEASE_KEPT_SECONDS = 10;
    private static final long FAST_NANOS = 1_000_000_000L;
    private static final long NEVER = Long.MIN_VALUE;

    private static final String TAKE = """
            insert into rate_limit_buckets as b (key, tokens, allowed, granted, updated_at)
            values ($1, $2::float8 - least($4::int, floor($2::float8)), $2::float8 >= 1,
                    least($4::int, floor($2::float8))::int, statement_timestamp())
            on conflict (key) do update set
              granted = least($4::int, floor(rate_limit_refilled(b.tokens, b.updated_at, $2, $3)))::int,
              tokens = rate_limit_refilled(b.tokens, b.updated_at, $2, $3)
                       - least($4::int, floor(rate_limit_refilled(b.tokens, b.updated_at, $2, $3))),
              allowed = rate_limit_refilled(b.tokens, b.updated_at, $2, $3) >= 1,
              updated_at = greatest(b.updated_at, statement_timestamp())
            returning tokens, granted""";

    /** The outcome for one request, and what the RateLimit-* headers say. */
    public record Decision(boolean allowed, int limit, int remaining, long resetSeconds, long retryAfterSeconds) {
    }

    /** What the shared bucket gave: up to the tokens asked for, and what it still holds. */
    record Grant(int granted, double left) {
    }

    /** Takes up to {@code wanted} tokens from the shared bucket {@code key}. */
    interface SharedBuckets {
        Future<Grant> take(String key, double capacity, double refillPerSecond, int wanted);
    }

    /** This replica's unspent tokens of one caller, and how large its next lease is. */
    private static final class Lease {
        int tokens;
        int nextSize = 1;
        long takenAtNanos = NEVER;
        double sharedLeft;
    }

    private final SharedBuckets shared;
    private final RateLimitConfig config;
    private final LongSupplier nanoClock;
    private final BoundedCache<String, Lease> leases = new BoundedCache<>(10_000);

    @Inject
    public RateLimiter(Pool database, RateLimitConfig config) {
        this(inDatabase(database), config, System::nanoTime);
    }

    RateLimiter(SharedBuckets shared, RateLimitConfig config, LongSupplier nanoClock) {
        this.shared = shared;
        this.config = config;
        this.nanoClock = nanoClock;
    }

    public boolean enabled() {
        return config.enabled();
    }

    /**
     * @param key who is counted: {@code key:<api key id>}, {@code user:<subject>} or {@code ip:<address>}
     * @param plan the caller's plan, or {@code anonymous}
     */
    public Future<Decision> take(String key, String plan) {
        return take(key, bucketOf(plan));
    }

    /** Takes from a bucket of the given size: a budget of its own (mail requests), not a plan's. */
    public Future<Decision> take(String key, RateLimitConfig.Bucket bucket) {
        Lease lease = leaseOf(key);
        int wanted;
        synchronized (lease) {
            if (lease.tokens > 0) {
                lease.tokens--;
                return Future.succeededFuture(decision(bucket, true, lease.sharedLeft + lease.tokens));
            }
            wanted = lease.nextSize;
            long now = nanoClock.getAsLong();
            boolean spentFast = lease.takenAtNanos != NEVER && now - lease.takenAtNanos < FAST_NANOS;
            lease.nextSize = spentFast ? Math.min(lease.nextSize * 2, maxLease(bucket)) : 1;
            lease.takenAtNanos = now;
        }
        return shared.take(key, bucket.capacity(), bucket.refillPerSecond(), Math.min(wanted, maxLease(bucket)))
                .map(grant -> {
                    synchronized (lease) {
                        lease.sharedLeft = grant.left();
                        if (grant.granted() < 1) {
                            lease.nextSize = 1;
                            return decision(bucket, false, grant.left() + lease.tokens);
                        }
                        lease.tokens += grant.granted() - 1;
                        return decision(bucket, true, grant.left() + lease.tokens);
                    }
                });
    }

    private synchronized Lease leaseOf(String key) {
        Lease lease = leases.get(key);
        if (lease == null) {
            lease = new Lease();
        }
        // every use keeps the lease for another LEASE_KEPT_SECONDS of silence
        leases.put(key, lease, System.currentTimeMillis() + LEASE_KEPT_SECONDS * 1000);
        return lease;
    }

    private static int maxLease(RateLimitConfig.Bucket bucket) {
        return Math.max(1, Math.min(MAX_LEASE, bucket.capacity() / 20));
    }

    private static Decision decision(RateLimitConfig.Bucket bucket, boolean allowed, double tokens) {
        double capacity = bucket.capacity();
        double rate = bucket.refillPerSecond();
        long reset = rate <= 0 ? 0 : (long) Math.ceil(Math.max(0, capacity - tokens) / rate);
        long retryAfter = allowed || rate <= 0 ? 0 : Math.max(1, (long) Math.ceil((1 - tokens) / rate));
        return new Decision(allowed, bucket.capacity(), (int) Math.max(0, Math.floor(tokens)), reset, retryAfter);
    }

    private static SharedBuckets inDatabase(Pool database) {
        return (key, capacity, rate, wanted) -> Future.fromCompletionStage(database.preparedQuery(TAKE)
                .execute(Tuple.of(key, capacity, rate, wanted))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Grant(row.getInteger("granted"), row.getDouble("tokens"));
                })
                .subscribeAsCompletionStage());
    }

    private RateLimitConfig.Bucket bucketOf(String plan) {
        RateLimitConfig.Bucket bucket = plan == null ? null : config.plans().get(plan);
        if (bucket == null) {
            bucket = config.plans().get("free");
        }
        if (bucket == null) {
            throw new IllegalStateException("agora.gateway.rate-limit.plans.free must be configured");
        }
        return bucket;
    }
}
