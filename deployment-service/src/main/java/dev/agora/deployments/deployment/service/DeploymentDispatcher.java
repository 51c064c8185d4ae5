package dev.agora.deployments.deployment.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Polls the database for work, so the schedule survives restarts and replicas share it: pending deployments whose
 * time has come (immediate ones at once, scheduled ones at scheduledAt) go to the driver, and cancelled or stopped
 * ones have their driver resources removed.
 */
@ApplicationScoped
public class DeploymentDispatcher {
    private static final int BATCH = 20;

    private final DeploymentService service;
    private final DeploymentRunner runner;
    private final int staleClaimSeconds;

    public DeploymentDispatcher(DeploymentService service, DeploymentRunner runner,
            @ConfigProperty(name = "agora.deployments.stale-claim", defaultValue = "300") int staleClaimSeconds) {
        this.service = service;
        this.runner = runner;
        this.staleClaimSeconds = staleClaimSeconds;
    }

    @Scheduled(identity = "deployment-dispatcher", every = "${agora.deployments.dispatch-interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> dispatch() {
        return service.claim(staleClaimSeconds, BATCH).invoke(claims -> {
            claims.due().forEach(runner::start);
            claims.release().forEach(runner::release);
        }).replaceWithVoid();
    }
}
