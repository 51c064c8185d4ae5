package dev.agora.marketplace.notification.repository;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** What notifications and streams need to know about an agent, from the catalog projection, in the caller's session. */
@ApplicationScoped
public class AgentDirectory {

    public record AgentRef(UUID id, UUID ownerId, String name, String slug, boolean listed) {
    }

    /** The agent as the catalog knows it, or null when no event about it has arrived yet. */
    public Uni<AgentRef> find(UUID agentId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "select owner_id, name, slug, listed from catalog_agents where agent_id = :id", Object[].class)
                .setParameter("id", agentId).getResultList())
                .map(rows -> rows.isEmpty() ? null
                        : new AgentRef(agentId, (UUID) rows.get(0)[0], (String) rows.get(0)[1], (String) rows.get(0)[2],
                                Boolean.TRUE.equals(rows.get(0)[3])));
    }

    /** The agent's name for a message, or a neutral phrase when the catalog does not know it (yet). */
    public Uni<String> nameOf(UUID agentId) {
        return find(agentId).map(agent -> agent == null ? "your agent" : "\"" + agent.name() + "\"");
    }
}
