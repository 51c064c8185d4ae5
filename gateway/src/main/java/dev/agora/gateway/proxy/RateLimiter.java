package dev.agora.gateway.proxy;

import jakarta.inject.Singleton;

import io.vertx.core.Future;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Token buckets in PostgreSQL, so every gateway replica enforces one shared limit. A request costs exactly one
 * statement: an UPSERT that refills the bucket for the time since its last use, takes a token when there is one,
 * and returns what is left. Buckets of callers who went quiet are simply full again when they come back.
 */
@Singleton
public class RateLimiter {
    private static final String TAKE = """
            insert into rate_limit_buckets as b (key, tokens, allowed, updated_at)
            values ($1, $2::float8 - 1, true, clock_timestamp())
            on conflict (key) do update set
              tokens = least($2::float8, b.tokens + extract(epoch from clock_timestamp() - b.updated_at)::float8 * $3::float8)
                       - case when least($2::float8, b.tokens
                                  + extract(epoch from clock_timestamp() - b.updated_at)::float8 * $3::float8) >= 1
                              then 1 else 0 end,
              allowed = least($2::float8, b.tokens
                        + extract(epoch from clock_timestamp() - b.updated_at)::float8 * $3::float8) >= 1,
              updated_at = clock_timestamp()
            returning tokens, allowed""";

    /** The outcome for one request, and what the RateLimit-* headers say. */
    public record Decision(boolean allowed, int limit, int remaining, long resetSeconds, long retryAfterSeconds) {
    }

    private final Pool database;
    private final RateLimitConfig config;

    public RateLimiter(Pool database, RateLimitConfig config) {
        this.database = database;
        this.config = config;
    }

    public boolean enabled() {
        return config.enabled();
    }

    /**
     * @param key who is counted: {@code key:<api key id>}, {@code user:<subject>} or {@code ip:<address>}
     * @param plan the caller's plan, or {@code anonymous}
     */
    public Future<Decision> take(String key, String plan) {
        RateLimitConfig.Bucket bucket = bucketOf(plan);
        double capacity = bucket.capacity();
        double rate = bucket.refillPerSecond();
        return Future.fromCompletionStage(database.preparedQuery(TAKE)
                .execute(Tuple.of(key, capacity, rate))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    double tokens = row.getDouble("tokens");
                    boolean allowed = row.getBoolean("allowed");
                    long reset = rate <= 0 ? 0 : (long) Math.ceil((capacity - tokens) / rate);
                    long retryAfter = allowed || rate <= 0 ? 0 : Math.max(1, (long) Math.ceil((1 - tokens) / rate));
                    return new Decision(allowed, bucket.capacity(), (int) Math.max(0, Math.floor(tokens)), reset, retryAfter);
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
