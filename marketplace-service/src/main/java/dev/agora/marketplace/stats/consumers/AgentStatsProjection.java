package dev.agora.marketplace.stats.consumers;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.common.events.IncomingEvent;
import dev.agora.common.events.Topics;
import dev.agora.marketplace.catalog.model.AgentEvent;
import dev.agora.marketplace.projection.EventProjection;
import dev.agora.marketplace.stats.service.StatsProjector;
import io.smallrye.mutiny.Uni;

/**
 * {@code agents.v1}, after the catalog projection: every agent gets a stats row, and a change of listing or domains
 * marks the agent's boards.
 */
@ApplicationScoped
public class AgentStatsProjection implements EventProjection {
    private final StatsProjector projector;

    public AgentStatsProjection(StatsProjector projector) {
        this.projector = projector;
    }

    @Override
    public String topic() {
        return Topics.AGENTS;
    }

    @Override
    public Set<String> types() {
        return AgentEvent.TYPES;
    }

    @Override
    public Uni<Void> apply(IncomingEvent event) {
        return projector.onAgent(event);
    }
}
