package dev.agora.marketplace.catalog.consumers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.common.consumer.BeforeCommit;
import dev.agora.common.events.IncomingEvent;
import dev.agora.common.events.Topics;
import dev.agora.marketplace.catalog.repository.CatalogAgentRepository;
import dev.agora.marketplace.projection.EventProjection;
import io.smallrye.mutiny.Uni;

/**
 * The catalog's popularity ({@code hire_count}) counts the hires of {@code agora.task.created.v1}, once per agent per
 * poll. Counting them here rather than in the hire's own transaction keeps concurrent hires of one agent from
 * queueing on its catalog row.
 */
@ApplicationScoped
public class HireCountProjection implements EventProjection {
    static final String TASK_CREATED = "agora.task.created.v1";

    private final CatalogAgentRepository agents;

    public HireCountProjection(CatalogAgentRepository agents) {
        this.agents = agents;
    }

    @Override
    public String topic() {
        return Topics.MARKETPLACE;
    }

    @Override
    public Set<String> types() {
        return Set.of(TASK_CREATED);
    }

    @Override
    public Uni<Void> apply(IncomingEvent event) {
        UUID agentId = event.requiredUuid("agentId");
        return BeforeCommit.buffer(Hires.class, () -> new Hires(agents))
                .map(hires -> {
                    hires.perAgent.merge(agentId, 1, Integer::sum);
                    return Uni.createFrom().voidItem();
                })
                .orElseGet(() -> agents.addToCounter(agentId, CatalogAgentRepository.Counter.HIRES, 1).replaceWithVoid());
    }

    /** The hires of one consumer transaction, per agent, added just before it commits. */
    private static final class Hires implements BeforeCommit.Deferred {
        private final Map<UUID, Integer> perAgent = new LinkedHashMap<>();
        private final CatalogAgentRepository agents;

        private Hires(CatalogAgentRepository agents) {
            this.agents = agents;
        }

        @Override
        public Uni<Void> run() {
            Uni<Void> added = Uni.createFrom().voidItem();
            for (Map.Entry<UUID, Integer> hires : perAgent.entrySet()) {
                added = added.chain(() -> agents.addToCounter(hires.getKey(), CatalogAgentRepository.Counter.HIRES,
                        hires.getValue()).replaceWithVoid());
            }
            return added;
        }
    }
}
