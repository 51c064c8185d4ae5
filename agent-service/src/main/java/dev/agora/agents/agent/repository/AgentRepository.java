package dev.agora.agents.agent.repository;

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
public class AgentRepository implements PanacheRepositoryBase<Agent, UUID> {

    /** The owner's agent, unless it is soft-deleted; someone else's agent is simply not found. */
    public Uni<Agent> findOwned(UUID id, UUID ownerId) {
        return find("id = :id and ownerId = :owner and status <> 'deleted'",
                Parameters.with("id", id).and("owner", ownerId)).firstResult();
    }

    /** Newest first, keyset-paginated on (createdAt, id); fetches {@code limit + 1} to tell if there is more. */
    public Uni<List<Agent>> listOwned(UUID ownerId, String status, Instant afterCreatedAt, UUID afterId, int limit) {
        StringBuilder query = new StringBuilder("ownerId = :owner and status <> 'deleted'");
        Parameters params = Parameters.with("owner", ownerId);
        if (status != null) {
            query.append(" and status = :status");
            params.and("status", status);
        }
        if (afterCreatedAt != null) {
            query.append(" and (createdAt < :at or (createdAt = :at and id < :afterId))");
            params.and("at", afterCreatedAt).and("afterId", afterId);
        }
        query.append(" order by createdAt desc, id desc");
        return find(query.toString(), params).range(0, limit).list();
    }

    public Uni<Boolean> subdomainTaken(String subdomain, UUID exceptId) {
        return count("subdomain = ?1 and status <> 'deleted' and id <> ?2", subdomain, exceptId).map(n -> n > 0);
    }

    public Uni<Boolean> repositoryTaken(UUID ownerId, String repoOwner, String repoName, UUID exceptId) {
        return count("ownerId = ?1 and repoOwner = ?2 and repoName = ?3 and status <> 'deleted' and id <> ?4",
                ownerId, repoOwner, repoName, exceptId).map(n -> n > 0);
    }
}
