package dev.agora.agents.run.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
@WithSession
public class TaskRunRepository implements PanacheRepositoryBase<TaskRun, UUID> {
    /**
     * Takes up to {@code limit} due runs for the workers (to send, follow or cancel; runtime-pulled runs wait for
     * their agent), skipping rows another replica holds, under a lease: a worker that dies lets its lease lapse and
     * the run is taken again.
     */
    private static final String CLAIM = "with picked as (select task_id from task_runs"
            + " where status in ('queued', 'following', 'cancelling') and transport <> 'runtime'"
            + " and next_attempt_at <= now() and (lease_until is null or lease_until < now())"
            + " order by next_attempt_at limit ?1 for update skip locked)"
            + " update task_runs r set lease_until = now() + cast(?2 as bigint) * interval '1 millisecond',"
            + " lease_token = cast(?3 as uuid) from picked where r.task_id = picked.task_id returning r.*";

    public Uni<List<TaskRun>> claim(int limit, long leaseMillis, UUID leaseToken) {
        return Panache.getSession().chain(session -> session.createNativeQuery(CLAIM, TaskRun.class)
                .setParameter(1, limit).setParameter(2, leaseMillis).setParameter(3, leaseToken).getResultList());
    }

    /** Open runs nothing was heard of within their timeout, locked (skipping those a worker or another sweep holds). */
    public Uni<List<TaskRun>> lockSilent(int limit) {
        return Panache.getSession().chain(session -> session.createNativeQuery("select * from task_runs"
                + " where status in ('queued', 'following', 'dead_lettered')"
                + " and last_activity_at + silence_timeout_seconds * interval '1 second' < now()"
                + " and (lease_until is null or lease_until < now())"
                + " order by last_activity_at limit ?1 for update skip locked", TaskRun.class)
                .setParameter(1, limit).getResultList());
    }

    /**
     * The deployed agent's next run, taken under a lease for its runtime: its oldest queued one, or one whose runtime
     * let the lease lapse (the task is put back). At most one; the attempt is counted.
     */
    private static final String CLAIM_FOR_RUNTIME = "with picked as (select task_id from task_runs"
            + " where agent_id = cast(?1 as uuid) and transport = 'runtime'"
            + " and (status = 'queued' or (status = 'following' and lease_until < now()))"
            + " order by created_at limit 1 for update skip locked)"
            + " update task_runs r set status = 'following', attempts = r.attempts + 1, last_activity_at = now(),"
            + " lease_until = now() + cast(?2 as bigint) * interval '1 millisecond', lease_token = cast(?3 as uuid),"
            + " updated_at = now() from picked where r.task_id = picked.task_id returning r.*";

    public Uni<TaskRun> claimForRuntime(UUID agentId, long leaseMillis, UUID leaseToken) {
        return Panache.getSession().chain(session -> session.createNativeQuery(CLAIM_FOR_RUNTIME, TaskRun.class)
                .setParameter(1, agentId).setParameter(2, leaseMillis).setParameter(3, leaseToken).getResultList())
                .map(rows -> rows.isEmpty() ? null : rows.get(0));
    }

    /** Renews the leases with these tokens (the runs a live worker is still calling about). */
    public Uni<Integer> extendLeases(List<UUID> leaseTokens, long leaseMillis) {
        return Panache.getSession().chain(session -> session.createNativeQuery("update task_runs"
                + " set lease_until = now() + cast(:lease as bigint) * interval '1 millisecond'"
                + " where lease_token in (:tokens) and transport <> 'runtime'")
                .setParameter("tokens", leaseTokens).setParameter("lease", leaseMillis).executeUpdate());
    }

    public Uni<TaskRun> findForUpdate(UUID taskId) {
        return findById(taskId, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * An agent's runs owned by {@code ownerId}, newest first, optionally in one status; fetches {@code limit + 1} to
     * tell if there is more.
     */
    public Uni<List<TaskRun>> listForAgent(UUID agentId, UUID ownerId, String status, Instant afterCreatedAt,
            UUID afterId, int limit) {
        StringBuilder query = new StringBuilder("agentId = :agent and ownerId = :owner");
        Parameters params = Parameters.with("agent", agentId).and("owner", ownerId);
        if (status != null) {
            query.append(" and status = :status");
            params.and("status", status);
        }
        if (afterCreatedAt != null) {
            query.append(" and (createdAt < :after or (createdAt = :after and taskId < :afterId))");
            params.and("after", afterCreatedAt).and("afterId", afterId);
        }
        query.append(" order by createdAt desc, taskId desc");
        return find(query.toString(), params).range(0, limit - 1).list();
    }
}
