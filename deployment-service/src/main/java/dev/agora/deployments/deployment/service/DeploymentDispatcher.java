package dev.agora.deployments.deployment.service;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.deployments.driver.DriverConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Polls the database for work, so the schedule survives restarts and replicas share it: pending deployments whose
 * time has come (immediate ones at once, scheduled ones at scheduledAt) go to the driver, deploying ones whose
 * follower is gone (lease older than {@code follow-lease}: the service restarted or its replica died) are followed
 * again, and cancelled or stopped ones have their driver resources removed (retried with backoff).
 */
@ApplicationScoped
public class DeploymentDispatcher {
    private static final int BATCH = 20;

    private final DeploymentService service;
    private final DeploymentRunner runner;
    private final DeploymentService.ClaimSettings settings;

    public DeploymentDispatcher(DeploymentService service, DeploymentRunner runner, DriverConfig config) {
        this.service = service;
        this.runner = runner;
        this.settings = new DeploymentService.ClaimSettings(config.staleClaim(), config.followLease(),
                config.release().backoff());
    }

    @Scheduled(identity = "deployment-dispatcher", every = "${agora.deployments.dispatch-interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> dispatch() {
        return service.claim(runner.following(), settings, BATCH).invoke(claims -> {
            claims.due().forEach(runner::start);
            claims.orphaned().forEach(runner::resume);
            claims.release().forEach(runner::release);
        }).replaceWithVoid();
    }
}
