package dev.agora.marketplace.stats.consumers;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.common.events.IncomingEvent;
import dev.agora.common.events.Topics;
import dev.agora.marketplace.projection.EventProjection;
import dev.agora.marketplace.stats.service.StatsProjector;
import io.smallrye.mutiny.Uni;

/** {@code deployments.v1}: deployment outcomes and finished executions. */
@ApplicationScoped
public class DeploymentStatsProjection implements EventProjection {
    static final String EXECUTION_COMPLETED = "agora.execution.completed.v1";
    private static final Set<String> DEPLOYMENT_TYPES = Set.of("agora.deployment.requested.v1",
            "agora.deployment.started.v1", "agora.deployment.succeeded.v1", "agora.deployment.failed.v1",
            "agora.deployment.cancelled.v1", "agora.deployment.stopped.v1");
    private static final Set<String> TYPES = MarketplaceStatsProjection.union(DEPLOYMENT_TYPES, Set.of(EXECUTION_COMPLETED));

    private final StatsProjector projector;

    public DeploymentStatsProjection(StatsProjector projector) {
        this.projector = projector;
    }

    @Override
    public String topic() {
        return Topics.DEPLOYMENTS;
    }

    @Override
    public Set<String> types() {
        return TYPES;
    }

    @Override
    public Uni<Void> apply(IncomingEvent event) {
        return EXECUTION_COMPLETED.equals(event.type()) ? projector.onExecution(event) : projector.onDeployment(event);
    }
}
