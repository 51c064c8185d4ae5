package dev.agora.deployments.deployment.model;

import java.time.Instant;
import java.util.UUID;

import dev.agora.deployments.deployment.repository.Deployment;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The deployment as events carry it ({@code contracts/deployments.v1/deployment-snapshot.schema.json}), with the
 * SHA-256 of the runtime token minted for it (never the token), by which agent-service recognises the deployed agent
 * when it pulls its work.
 */
@RegisterForReflection
public record DeploymentSnapshot(UUID id, UUID agentId, UUID ownerId, int version, String jobId, String status,
        String triggerType, String deploymentUrl, String errorMessage, Resources resources, Instant createdAt,
        Instant scheduledAt, Instant startedAt, Instant deployedAt, Instant completedAt, Instant stoppedAt,
        String runtimeTokenHash) {

    @RegisterForReflection
    public record Resources(String cpu, String memory, int replicas) {
    }

    public static DeploymentSnapshot of(Deployment d) {
        return new DeploymentSnapshot(d.id, d.agentId, d.ownerId, d.version, d.jobId, d.status, d.triggerType,
                d.deploymentUrl, d.errorMessage, new Resources(d.cpu, d.memory, d.replicas), d.createdAt, d.scheduledAt,
                d.startedAt, d.deployedAt, d.completedAt, d.stoppedAt, d.runtimeTokenHash);
    }
}
