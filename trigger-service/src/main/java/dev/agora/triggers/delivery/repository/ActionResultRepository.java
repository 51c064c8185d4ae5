package dev.agora.triggers.delivery.repository;

import static dev.agora.triggers.delivery.repository.NativeQueries.integer;
import static dev.agora.triggers.delivery.repository.NativeQueries.micros;
import static dev.agora.triggers.delivery.repository.NativeQueries.microsOf;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/** {@code action_results}: one row per delivery attempt, and the hourly metrics rolled up from them. */
@ApplicationScoped
public class ActionResultRepository {
    public static final String SUCCESS = "success";
    public static final String FAILED = "failed";
    public static final String RETRYING = "retrying";
    private static final String SELECT = "select cast(id as text), cast(job_id as text), cast(action_id as text),"
            + " action_type, status, attempt, duration_ms, http_status, error, response_excerpt, retry_count, "
            + microsOf("executed_at") + " from action_results";

    public record Result(UUID id, UUID jobId, UUID triggerId, UUID ownerId, UUID actionId, String actionType,
            String status, int attempt, long durationMs, Integer httpStatus, String error, String responseExcerpt,
            int retryCount, Instant executedAt) {
    }

    public record HourlyMetrics(String actionType, Instant hour, long executions, long successes, long failures,
            double meanDurationMs, double p95DurationMs) {
    }

    public Uni<Integer> insert(Result result) {
        return NativeQueries.update("insert into action_results (id, job_id, trigger_id, owner_id, action_id, action_type,"
                + " status, attempt, duration_ms, http_status, error, response_excerpt, retry_count, executed_at) values"
                + " (cast(?1 as uuid), cast(?2 as uuid), cast(?3 as uuid), cast(?4 as uuid), cast(?5 as uuid), ?6, ?7,"
                + " cast(?8 as integer), cast(?9 as bigint), cast(?10 as integer), cast(?11 as text), cast(?12 as text),"
                + " cast(?13 as integer), cast(cast(?14 as text) as timestamptz))",
                result.id(), result.jobId(), result.triggerId(), result.ownerId(), result.actionId(), result.actionType(),
                result.status(), result.attempt(), result.durationMs(), result.httpStatus(), result.error(),
                result.responseExcerpt(), result.retryCount(), result.executedAt().toString());
    }

    /** Newest first, optionally one status; keyset after ({@code beforeMicros}, {@code beforeId}); limit + 1. */
    public Uni<List<Result>> list(UUID triggerId, String status, Long beforeMicros, String beforeId, int limit) {
        StringBuilder sql = new StringBuilder(SELECT).append(" where trigger_id = cast(?1 as uuid)");
        List<Object> params = new ArrayList<>(List.of(triggerId));
        if (status != null) {
            params.add(status);
            sql.append(" and status = ?").append(params.size());
        }
        if (beforeMicros != null) {
            params.add(beforeMicros);
            params.add(beforeId);
            sql.append(" and (").append(microsOf("executed_at")).append(", cast(id as text)) < (?").append(params.size() - 1)
                    .append(", ?").append(params.size()).append(")");
        }
        params.add(limit + 1);
        sql.append(" order by executed_at desc, cast(id as text) desc limit ?").append(params.size());
        return NativeQueries.rows(sql.toString(), params).map(rows -> rows.stream().map(row -> new Result(
                UUID.fromString((String) row[0]), UUID.fromString((String) row[1]), triggerId, null,
                UUID.fromString((String) row[2]), (String) row[3], (String) row[4], integer(row[5]),
                ((Number) row[6]).longValue(), integer(row[7]), (String) row[8], (String) row[9], integer(row[10]),
                micros(row[11]))).toList());
    }

    /** Recomputes {@code action_metrics_hourly} for the hours from {@code since} on (every attempt is an execution). */
    public Uni<Integer> rollUp(Instant since) {
        return NativeQueries.update("insert into action_metrics_hourly (owner_id, action_type, hour, executions, successes,"
                + " failures, mean_duration_ms, p95_duration_ms) select owner_id, action_type,"
                + " date_trunc('hour', executed_at), count(*), count(*) filter (where status = 'success'),"
                + " count(*) filter (where status <> 'success'), avg(duration_ms),"
                + " percentile_cont(0.95) within group (order by duration_ms) from action_results"
                + " where executed_at >= date_trunc('hour', cast(cast(?1 as text) as timestamptz))"
                + " group by owner_id, action_type, date_trunc('hour', executed_at)"
                + " on conflict (owner_id, hour, action_type) do update set executions = excluded.executions,"
                + " successes = excluded.successes, failures = excluded.failures,"
                + " mean_duration_ms = excluded.mean_duration_ms, p95_duration_ms = excluded.p95_duration_ms",
                since.toString());
    }

    /** The owner's hourly metrics with {@code from <= hour < to}, oldest first. */
    public Uni<List<HourlyMetrics>> metrics(UUID ownerId, Instant from, Instant to) {
        return NativeQueries.rows("select action_type, " + microsOf("hour") + ", executions, successes, failures,"
                + " mean_duration_ms, p95_duration_ms from action_metrics_hourly where owner_id = cast(?1 as uuid)"
                + " and hour >= cast(cast(?2 as text) as timestamptz) and hour < cast(cast(?3 as text) as timestamptz)"
                + " order by hour, action_type limit 10000", List.of(ownerId, from.toString(), to.toString()))
                .map(rows -> rows.stream().map(row -> new HourlyMetrics((String) row[0], micros(row[1]),
                        ((Number) row[2]).longValue(), ((Number) row[3]).longValue(), ((Number) row[4]).longValue(),
                        ((Number) row[5]).doubleValue(), ((Number) row[6]).doubleValue())).toList());
    }

    public Uni<Integer> purgeExecutedBefore(Instant cutoff) {
        return NativeQueries.update("delete from action_results where executed_at < cast(cast(?1 as text) as timestamptz)",
                cutoff.toString());
    }
}
