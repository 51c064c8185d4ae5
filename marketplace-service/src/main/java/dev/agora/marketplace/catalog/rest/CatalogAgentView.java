package dev.agora.marketplace.catalog.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.agora.marketplace.catalog.repository.CatalogAgent;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** An agent of the public catalog (seed 000 active_agents_view, plus updatedAt). */
@RegisterForReflection
public record CatalogAgentView(
        UUID id,
        String name,
        String description,
        String subdomain,
        String repoOwner,
        String category,
        List<String> tags,
        long priceMicroalgo,
        Instant createdAt,
        Instant updatedAt) {

    public static CatalogAgentView of(CatalogAgent agent) {
        return new CatalogAgentView(agent.id, agent.name, agent.description, agent.subdomain, agent.repoOwner,
                agent.category, agent.tags == null ? List.of() : List.of(agent.tags), agent.priceMicroalgo,
                agent.createdAt, agent.updatedAt);
    }
}
