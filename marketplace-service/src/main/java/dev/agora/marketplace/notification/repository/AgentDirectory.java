package dev.agora.marketplace.notification.repository;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.marketplace.catalog.repository.CatalogAgent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** What notifications and streams need to know about an agent, from the catalog projection, in the caller's session. */
@ApplicationScoped
public class AgentDirectory {

    public record AgentRef(UUID id, UUID ownerId, String name, String slug, boolean listed) {
    }

    /**
     * The agent as the catalog knows it, or null when no event about it has arrived yet. Loaded by primary key, so an
     * agent the caller's session already holds (the catalog projection's) costs no query, and no native select is
     * planned anew on every call (see docs/BENCHMARKS.md, "native selects").
     */
    public Uni<AgentRef> find(UUID agentId) {
        return Panache.getSession().chain(session -> session.find(CatalogAgent.class, agentId))
                .map(agent -> agent == null ? null
                        : new AgentRef(agentId, agent.ownerId, agent.name, agent.slug, agent.listed));
    }

    /** The agent's name for a message, or a neutral phrase when the catalog does not know it (yet). */
    public Uni<String> nameOf(UUID agentId) {
        return find(agentId).map(agent -> agent == null ? "your agent" : "\"" + agent.name() + "\"");
    }
}
