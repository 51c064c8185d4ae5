package dev.agora.marketplace.stats.repository;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.marketplace.stats.model.AgentStatsView;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads of {@code agent_stats} (one primary-key lookup). */
@ApplicationScoped
public class StatsQueries {
    private final Pool pool;

    public StatsQueries(Pool pool) {
        this.pool = pool;
    }

    /** The agent's stats; zeros for an agent without a row yet. */
    public Uni<AgentStatsView> of(UUID agentId) {
        return pool.preparedQuery("select * from agent_stats where agent_id = $1").execute(Tuple.of(agentId))
                .map(rows -> rows.iterator().hasNext() ? view(rows.iterator().next())
                        : new AgentStatsView(agentId, 0, 0, null, null, BigDecimal.ZERO, null, 0,
                                new AgentStatsView.SubRatings(null, null, null, null), 0, 0,
                                new AgentStatsView.Deployments(0, 0, 0, null), new AgentStatsView.Executions(0, 0, 0, null),
                                null, null));
    }

    private static AgentStatsView view(Row row) {
        return new AgentStatsView(row.getUUID("agent_id"), row.getInteger("tasks_completed"),
                row.getInteger("tasks_failed"), row.getBigDecimal("success_rate"),
                row.getInteger("avg_response_time_minutes"), row.getBigDecimal("total_earnings"),
                row.getBigDecimal("rating"), row.getInteger("review_count"),
                new AgentStatsView.SubRatings(row.getBigDecimal("response_time_rating"),
                        row.getBigDecimal("quality_rating"), row.getBigDecimal("communication_rating"),
                        row.getBigDecimal("value_rating")),
                row.getInteger("hire_count"), row.getInteger("follower_count"),
                new AgentStatsView.Deployments(row.getInteger("deployments_total"),
                        row.getInteger("deployments_successful"), row.getInteger("deployments_failed"),
                        instant(row.getOffsetDateTime("last_deployment_at"))),
                new AgentStatsView.Executions(row.getInteger("executions_total"), row.getInteger("executions_success"),
                        row.getInteger("executions_error"), row.getLong("mean_execution_time_ms")),
                instant(row.getOffsetDateTime("last_active")), instant(row.getOffsetDateTime("updated_at")));
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
