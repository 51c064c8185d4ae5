package dev.agora.deployments.deployment.model;

import java.time.Instant;
import java.util.UUID;

/** {@code POST /api/deployments}: triggerType {@code manual} (default) or {@code scheduled} (with scheduledAt). */
public record CreateDeploymentRequest(UUID agentId, String triggerType, Instant scheduledAt) {
}
