package dev.agora.marketplace.stats.repository;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.hibernate.reactive.mutiny.Mutiny;

import dev.agora.common.consumer.BeforeCommit;
import dev.agora.marketplace.stats.service.ActivityBucket;
import dev.agora.marketplace.stats.service.Contribution;
import dev.agora.marketplace.stats.service.StatsCounter;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** The stats projection's writes, in the caller's transaction (the consumer's, or the rebuild's). */
@ApplicationScoped
public class StatsRepository {
    /** Absent moments are bound as the epoch (a typed null cannot be bound to a native query) and read back as null. */
    private static final Instant ABSENT = Instant.EPOCH;
    private static final String ADD_TO_STATS = "insert into agent_stats (agent_id, "
            + Arrays.stream(StatsCounter.values()).map(c -> c.column).collect(Collectors.joining(", "))
            + ", total_earnings, last_active, last_deployment_at, updated_at) values (:agent, "
            + Arrays.stream(StatsCounter.values()).map(c -> ":" + c.column).collect(Collectors.joining(", "))
            + ", :earnings, nullif(cast(:last_active as timestamptz), 'epoch'),"
            + " nullif(cast(:last_deployment_at as timestamptz), 'epoch'), now())"
            + " on conflict (agent_id) do update set "
            + Arrays.stream(StatsCounter.values()).map(c -> c.column + " = agent_stats." + c.column + " + excluded." + c.column)
                    .collect(Collectors.joining(", "))
            + ", total_earnings = agent_stats.total_earnings + excluded.total_earnings,"
            + " last_active = greatest(agent_stats.last_active, excluded.last_active),"
            + " last_deployment_at = greatest(agent_stats.last_deployment_at, excluded.last_deployment_at),"
            + " updated_at = now()";
    private static final String ENSURE_ROWS = "insert into agent_stats (agent_id)"
            + " select unnest(cast(:agents as uuid[])) on conflict do nothing";
    private static final String ADD_TO_BUCKET = "insert into agent_activity_hourly"
            + " (agent_id, hour, tasks_completed, tasks_failed, rating_sum, rating_count, earnings)"
            + " values (:agent, cast(:hour as timestamptz), :completed, :failed, :rating_sum, :rating_count, :earnings)"
            + " on conflict (agent_id, hour) do update set"
            + " tasks_completed = agent_activity_hourly.tasks_completed + excluded.tasks_completed,"
            + " tasks_failed = agent_activity_hourly.tasks_failed + excluded.tasks_failed,"
            + " rating_sum = agent_activity_hourly.rating_sum + excluded.rating_sum,"
            + " rating_count = agent_activity_hourly.rating_count + excluded.rating_count,"
            + " earnings = agent_activity_hourly.earnings + excluded.earnings";
    private static final String DROP_EMPTY_BUCKET = "delete from agent_activity_hourly where agent_id = :agent"
            + " and hour = cast(:hour as timestamptz) and tasks_completed = 0 and tasks_failed = 0 and rating_sum = 0"
            + " and rating_count = 0 and earnings = 0";
    private static final String ADD_EXECUTION = "insert into stats_execution_hourly"
            + " (agent_id, hour, executions, successes, errors, duration_ms_sum, last_completed_at)"
            + " values (:agent, cast(:hour as timestamptz), 1, :success, :error, :duration, cast(:completed_at as timestamptz))"
            + " on conflict (agent_id, hour) do update set executions = stats_execution_hourly.executions + 1,"
            + " successes = stats_execution_hourly.successes + excluded.successes,"
            + " errors = stats_execution_hourly.errors + excluded.errors,"
            + " duration_ms_sum = stats_execution_hourly.duration_ms_sum + excluded.duration_ms_sum,"
            + " last_completed_at = greatest(stats_execution_hourly.last_completed_at, excluded.last_completed_at)";

    /** The stored state of a fact, locked until the transaction ends (null when it is new). */
    public <T> Uni<T> lockFact(Class<T> type, Object id) {
        return Panache.getSession().chain(session -> session.find(type, id, LockModeType.PESSIMISTIC_WRITE));
    }

    public Uni<Void> persist(Object fact) {
        return Panache.getSession().chain(session -> session.persist(fact));
    }

    /** Adds a fact's change to its agent's stats and activity buckets (flushing the fact first). */
    public Uni<Void> add(UUID agentId, Contribution delta) {
        return Panache.getSession().chain(session -> session.flush()
                .chain(() -> addToStats(session, agentId, delta))
                .chain(() -> addToBuckets(session, agentId, delta, 0)));
    }

    /** Counts one finished execution into its hour's sums. */
    public Uni<Void> addExecution(UUID agentId, Instant hour, boolean success, long durationMs, Instant completedAt) {
        return Panache.getSession().chain(session -> session.createNativeQuery(ADD_EXECUTION)
                .setParameter("agent", agentId).setParameter("hour", hour)
                .setParameter("success", success ? 1 : 0).setParameter("error", success ? 0 : 1)
                .setParameter("duration", durationMs).setParameter("completed_at", completedAt)
                .executeUpdate()).replaceWithVoid();
    }

    /**
     * Every agent the catalog knows has a stats row, zeros until its first fact. In a consumer's transaction the rows
     * of all its agents are made together at its end (nothing before reads them: facts upsert their row).
     */
    public Uni<Void> ensureRow(UUID agentId) {
        return BeforeCommit.buffer(MissingRows.class, MissingRows::new)
                .map(rows -> {
                    rows.agents.add(agentId);
                    return Uni.createFrom().voidItem();
                })
                .orElseGet(() -> ensureRows(Set.of(agentId)));
    }

    private static Uni<Void> ensureRows(Set<UUID> agentIds) {
        return Panache.getSession().chain(session -> session.createNativeQuery(ENSURE_ROWS)
                .setParameter("agents", agentIds.toArray(UUID[]::new)).executeUpdate()).replaceWithVoid();
    }

    /** The agents of a consumer's transaction that need a stats row. */
    private static final class MissingRows implements BeforeCommit.Deferred {
        private final Set<UUID> agents = new LinkedHashSet<>();

        @Override
        public Uni<Void> run() {
            return ensureRows(agents);
        }
    }

    private static Uni<Void> addToStats(Mutiny.Session session, UUID agentId, Contribution delta) {
        Mutiny.Query<Object> query = session.<Object> createNativeQuery(ADD_TO_STATS).setParameter("agent", agentId)
                .setParameter("earnings", delta.earnings())
                .setParameter("last_active", delta.lastActive() == null ? ABSENT : delta.lastActive())
                .setParameter("last_deployment_at", delta.lastDeploymentAt() == null ? ABSENT : delta.lastDeploymentAt());
        for (StatsCounter counter : StatsCounter.values()) {
            query.setParameter(counter.column, delta.counters().getOrDefault(counter, 0L));
        }
        return query.executeUpdate().replaceWithVoid();
    }

    private static Uni<Void> addToBuckets(Mutiny.Session session, UUID agentId, Contribution delta, int index) {
        if (index >= delta.buckets().size()) {
            return Uni.createFrom().voidItem();
        }
        ActivityBucket bucket = delta.buckets().get(index);
        return session.createNativeQuery(ADD_TO_BUCKET).setParameter("agent", agentId).setParameter("hour", bucket.hour())
                .setParameter("completed", bucket.tasksCompleted()).setParameter("failed", bucket.tasksFailed())
                .setParameter("rating_sum", bucket.ratingSum()).setParameter("rating_count", bucket.ratingCount())
                .setParameter("earnings", bucket.earnings())
                .executeUpdate()
                .chain(() -> session.createNativeQuery(DROP_EMPTY_BUCKET).setParameter("agent", agentId)
                        .setParameter("hour", bucket.hour()).executeUpdate())
                .chain(() -> addToBuckets(session, agentId, delta, index + 1));
    }
}
