package dev.agora.agents.agent.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
@WithSession
public class AgentVersionRepository implements PanacheRepositoryBase<AgentVersion, UUID> {

    /** Newest first. */
    public Uni<List<AgentVersion>> ofAgent(UUID agentId) {
        return list("agentId = ?1 order by publishedAt desc, version desc", agentId);
    }

    public Uni<Boolean> exists(UUID agentId, String version) {
        return count("agentId = ?1 and version = ?2", agentId, version).map(n -> n > 0);
    }
}
