package dev.agora.deployments.runtime.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
@WithSession
public class ExecutionRepository implements PanacheRepositoryBase<Execution, UUID> {

    /** A page of one agent's executions, newest first; fetches {@code limit + 1} rows. */
    public Uni<List<Execution>> list(UUID agentId, String status, UUID taskId, Instant afterStartedAt, UUID afterId,
            int limit) {
        StringBuilder query = new StringBuilder("agentId = :agent");
        Parameters params = Parameters.with("agent", agentId);
        if (status != null) {
            query.append(" and status = :status");
            params.and("status", status);
        }
        if (taskId != null) {
            query.append(" and taskId = :task");
            params.and("task", taskId);
        }
        if (afterId != null) {
            query.append(" and (startedAt < :at or (startedAt = :at and id < :afterId))");
            params.and("at", afterStartedAt).and("afterId", afterId);
        }
        query.append(" order by startedAt desc, id desc");
        return find(query.toString(), params).range(0, limit).list();
    }

    /** count, successes, errors and the average duration (ms) of an agent's finished executions */
    public Uni<Object[]> stats(UUID agentId) {
        return find("select count(*), sum(case when status = 'success' then 1 else 0 end),"
                + " sum(case when status = 'error' then 1 else 0 end), avg(executionTimeMs)"
                + " from Execution where agentId = ?1 and status in ('success', 'error')", agentId)
                .project(Object[].class).singleResult();
    }
}
