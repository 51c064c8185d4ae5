package dev.agora.marketplace.stats.repository;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.common.reconciliation.Comparison;
import dev.agora.common.reconciliation.ProjectionDifferences;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Compares {@code agent_stats} and {@code agent_activity_hourly} with what the stored facts add up to (the rebuild's
 * own recomputation), in the caller's transaction and without changing anything. A row that is missing on one side
 * equals a row of zeros on the other: an agent without facts has no stats row until something happens to it.
 */
@ApplicationScoped
public class StatsComparison {
    public static final String STATS = "agent_stats";
    public static final String ACTIVITY = "agent_activity_hourly";

    private static final Set<String> TIMES = Set.of("last_deployment_at", "last_active");

    static final String STATS_DIFFERENCES = compare(STATS, StatsRebuildSql.STATS_COLUMNS, StatsRebuildSql.STATS_SELECT,
            List.of("agent_id"), Set.of("updated_at"), "coalesce(s.agent_id, r.agent_id)::text");
    static final String ACTIVITY_DIFFERENCES = compare(ACTIVITY, StatsRebuildSql.ACTIVITY_COLUMNS,
            StatsRebuildSql.ACTIVITY_SELECT, List.of("agent_id", "hour"), Set.of(),
            "coalesce(s.agent_id, r.agent_id)::text || '@'"
                    + " || to_char(coalesce(s.hour, r.hour) at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24\":00Z\"')");

    /** Makes the rest of the caller's transaction read one snapshot of every table; its first statement. */
    public Uni<Void> readOneSnapshot() {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("set transaction isolation level repeatable read, read only").executeUpdate())
                .replaceWithVoid();
    }

    public Uni<ProjectionDifferences> stats() {
        return summary(STATS, STATS_DIFFERENCES);
    }

    public Uni<ProjectionDifferences> activity() {
        return summary(ACTIVITY, ACTIVITY_DIFFERENCES);
    }

    private static Uni<ProjectionDifferences> summary(String projection, String sql) {
        return Panache.getSession().chain(session -> session.<Object[]> createNativeQuery(sql).getSingleResult())
                .map(row -> Comparison.summary(projection, row));
    }

    /** The stored table {@code s} against the recomputation {@code r}, value by value, joined on the key columns. */
    private static String compare(String table, String columns, String recomputation, List<String> keys,
            Set<String> ignored, String key) {
        List<String> values = Arrays.stream(columns.split(",")).map(String::strip)
                .filter(column -> !keys.contains(column) && !ignored.contains(column)).toList();
        String join = keys.stream().map(column -> "s." + column + " = r." + column).collect(Collectors.joining(" and "));
        return "with recomputed (" + columns + ") as (" + recomputation + "), compared as ("
                + " select " + key + " as key, (" + side("s", values) + ") is distinct from (" + side("r", values)
                + ") as differs from " + table + " s full join recomputed r on " + join + ")" + Comparison.SUMMARY;
    }

    private static String side(String alias, List<String> values) {
        return values.stream().map(column -> TIMES.contains(column) ? alias + "." + column
                : "coalesce(" + alias + "." + column + ", 0)").collect(Collectors.joining(", "));
    }
}
