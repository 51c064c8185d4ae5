package dev.agora.deployments.deployment.events;

import java.util.Map;
import java.util.UUID;

import dev.agora.deployments.deployment.model.DeploymentSnapshot;
import dev.agora.deployments.deployment.repository.Deployment;
import dev.agora.deployments.deployment.service.DeploymentStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** What deployment-service publishes about deployments on {@code deployments.v1} (key = agent id). */
public final class DeploymentEvents {
    public static final String REQUESTED = "agora.deployment.requested.v1";
    public static final String STARTED = "agora.deployment.started.v1";
    public static final String SUCCEEDED = "agora.deployment.succeeded.v1";
    public static final String FAILED = "agora.deployment.failed.v1";
    public static final String CANCELLED = "agora.deployment.cancelled.v1";
    public static final String STOPPED = "agora.deployment.stopped.v1";

    /** The event each status is announced with once a deployment enters it. */
    public static final Map<String, String> ON_ENTERING = Map.of(
            DeploymentStatus.PENDING, REQUESTED,
            DeploymentStatus.DEPLOYING, STARTED,
            DeploymentStatus.SUCCEEDED, SUCCEEDED,
            DeploymentStatus.FAILED, FAILED,
            DeploymentStatus.CANCELLED, CANCELLED,
            DeploymentStatus.STOPPED, STOPPED);

    private DeploymentEvents() {
    }

    @RegisterForReflection
    public record DeploymentChanged(UUID deploymentId, UUID agentId, UUID ownerId, DeploymentSnapshot deployment) {
        public static DeploymentChanged of(Deployment d) {
            return new DeploymentChanged(d.id, d.agentId, d.ownerId, DeploymentSnapshot.of(d));
        }
    }
}
