package dev.agora.marketplace.follow.model;

import java.time.Instant;

import dev.agora.marketplace.catalog.model.CatalogAgentView;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** An agent I follow (its public card) and since when. */
@RegisterForReflection
public record FollowedAgentView(CatalogAgentView agent, Instant followedAt) {
}
