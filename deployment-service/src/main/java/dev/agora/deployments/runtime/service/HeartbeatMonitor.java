package dev.agora.deployments.runtime.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/** Marks agents {@code down} once they have missed {@code agora.runtime.missed-heartbeats} heartbeats. */
@ApplicationScoped
public class HeartbeatMonitor {
    private final RuntimeStatusService runtime;

    public HeartbeatMonitor(RuntimeStatusService runtime) {
        this.runtime = runtime;
    }

    @Scheduled(identity = "heartbeat-monitor", every = "${agora.runtime.heartbeat-check-interval:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> check() {
        return runtime.markSilentAgentsDown().replaceWithVoid();
    }
}
