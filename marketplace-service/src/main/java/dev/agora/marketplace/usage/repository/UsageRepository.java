package dev.agora.marketplace.usage.repository;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.marketplace.usage.service.UsageHistogram;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** {@code api_usage_daily}: one upsert per usage record (in the consumer's session), reads on the reactive client. */
@ApplicationScoped
public class UsageRepository {
    private static final String NO_AGENT = "cast('00000000-0000-0000-0000-000000000000' as uuid)";

    private final Pool pool;

    public UsageRepository(Pool pool) {
        this.pool = pool;
    }

    /** One request, added to its day's row (created on the first request of the key). */
    public record Request(UUID userId, LocalDate day, String method, String route, UUID agentId, boolean error,
            long latencyMs, BigDecimal costUsd, Instant at) {
    }

    /** One day's row of a user, endpoint and agent. */
    public record DailyRow(LocalDate day, String method, String route, UUID agentId, long requests, long errors,
            long totalLatencyMs, long maxLatencyMs, long[] histogram, BigDecimal costUsd) {
    }

    /** The owner of an agent the catalog knows, in the consumer's session; null when it does not know it. */
    public Uni<UUID> ownerOf(UUID agentId) {
        // HQL, whose plan is cached (a native select is planned anew on every call: docs/BENCHMARKS.md, "native selects")
        return Panache.getSession().chain(session -> session
                .createSelectionQuery("select c.ownerId from CatalogAgent c where c.id = :agent", UUID.class)
                .setParameter("agent", agentId).getResultList())
                .map(owners -> owners.isEmpty() ? null : owners.get(0));
    }

    public Uni<Void> add(Request request) {
        int bucket = UsageHistogram.bucketOf(request.latencyMs());
        String sql = "insert into api_usage_daily (user_id, day, method, route, agent_id, requests, errors,"
                + " total_latency_ms, max_latency_ms, latency_histogram, cost_usd, updated_at)"
                + " values (:user, :day, :method, :route, :agent, 1, :error, :latency, :latency,"
                + " (select cast(array_agg(case when i = :bucket then 1 else 0 end order by i) as bigint[])"
                + " from generate_series(1, :buckets) i), :cost, :at)"
                + " on conflict (user_id, day, method, route, coalesce(agent_id, " + NO_AGENT + ")) do update set"
                + " requests = api_usage_daily.requests + 1,"
                + " errors = api_usage_daily.errors + excluded.errors,"
                + " total_latency_ms = api_usage_daily.total_latency_ms + excluded.total_latency_ms,"
                + " max_latency_ms = greatest(api_usage_daily.max_latency_ms, excluded.max_latency_ms),"
                + " latency_histogram[:bucket] = api_usage_daily.latency_histogram[:bucket] + 1,"
                + " cost_usd = api_usage_daily.cost_usd + excluded.cost_usd,"
                + " updated_at = greatest(api_usage_daily.updated_at, excluded.updated_at)";
        return Panache.getSession().chain(session -> session.createNativeQuery(sql)
                .setParameter("user", request.userId())
                .setParameter("day", request.day())
                .setParameter("method", request.method())
                .setParameter("route", request.route())
                .setParameter("agent", request.agentId())
                .setParameter("error", request.error() ? 1L : 0L)
                .setParameter("latency", request.latencyMs())
                .setParameter("bucket", bucket)
                .setParameter("buckets", UsageHistogram.BUCKETS)
                .setParameter("cost", request.costUsd())
                .setParameter("at", request.at())
                .executeUpdate()).replaceWithVoid();
    }

    /** The user's rows from {@code from} to {@code to} (inclusive), newest day first (uq_api_usage_daily). */
    public Uni<List<DailyRow>> between(UUID userId, LocalDate from, LocalDate to) {
        return pool.preparedQuery("select day, method, route, agent_id, requests, errors, total_latency_ms,"
                + " max_latency_ms, latency_histogram, cost_usd from api_usage_daily"
                + " where user_id = $1 and day between $2 and $3 order by day desc, route, method, agent_id nulls first")
                .execute(Tuple.of(userId, from, to))
                .map(rows -> {
                    List<DailyRow> result = new java.util.ArrayList<>();
                    for (Row row : rows) {
                        Long[] buckets = row.getArrayOfLongs("latency_histogram");
                        long[] histogram = new long[buckets.length];
                        for (int i = 0; i < buckets.length; i++) {
                            histogram[i] = buckets[i] == null ? 0 : buckets[i];
                        }
                        result.add(new DailyRow(row.getLocalDate("day"), row.getString("method"),
                                row.getString("route"), row.getUUID("agent_id"), row.getLong("requests"),
                                row.getLong("errors"), row.getLong("total_latency_ms"), row.getLong("max_latency_ms"),
                                histogram, row.getBigDecimal("cost_usd")));
                    }
                    return result;
                });
    }
}
