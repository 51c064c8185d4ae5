package dev.agora.deployments.deployment.model;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agora.deployments.deployment.model.DeploymentSnapshot;
import dev.agora.deployments.deployment.repository.Deployment;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A deployment as the API shows it: the event snapshot's fields, plus the image, port, summary and trigger config. */
@RegisterForReflection
public record DeploymentView(UUID id, UUID agentId, UUID ownerId, int version, String jobId, String status,
        String triggerType, JsonNode triggerConfig, String deploymentUrl, String deploymentSummary, String errorMessage,
        String image, int port, DeploymentSnapshot.Resources resources, Instant createdAt, Instant scheduledAt,
        Instant startedAt, Instant deployedAt, Instant completedAt, Instant stoppedAt) {

    public static DeploymentView of(Deployment d) {
        return new DeploymentView(d.id, d.agentId, d.ownerId, d.version, d.jobId, d.status, d.triggerType,
                d.triggerConfig, d.deploymentUrl, d.deploymentSummary, d.errorMessage, d.image, d.port,
                new DeploymentSnapshot.Resources(d.cpu, d.memory, d.replicas), d.createdAt, d.scheduledAt, d.startedAt,
                d.deployedAt, d.completedAt, d.stoppedAt);
    }
}
