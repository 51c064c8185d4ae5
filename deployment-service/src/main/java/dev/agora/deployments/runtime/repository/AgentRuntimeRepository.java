package dev.agora.deployments.runtime.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
@WithSession
public class AgentRuntimeRepository implements PanacheRepositoryBase<AgentRuntime, UUID> {
    private static final String SILENT = """
            select agent_id from agent_runtime
            where runtime_status in ('healthy', 'degraded') and last_heartbeat_at < now() - make_interval(secs => ?1)
            order by last_heartbeat_at limit ?2 for update skip locked
            """;

    /** Live agents whose last heartbeat is older than {@code silentSeconds}, locked for the caller's transaction. */
    public Uni<List<AgentRuntime>> lockSilent(double silentSeconds, int limit) {
        return Panache.getSession().chain(session -> session.createNativeQuery(SILENT, UUID.class)
                .setParameter(1, silentSeconds)
                .setParameter(2, limit)
                .getResultList())
                .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(List.<AgentRuntime> of()) : list("agentId in ?1", ids));
    }
}
