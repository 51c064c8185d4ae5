package dev.agora.deployments.runtime.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What deployment-service publishes about running agents on {@code deployments.v1} (key = agent id). */
public final class RuntimeEvents {
    public static final String RUNTIME_STATUS_CHANGED = "agora.agent.runtime-status-changed.v1";
    public static final String EXECUTION_COMPLETED = "agora.execution.completed.v1";

    private RuntimeEvents() {
    }

    @RegisterForReflection
    public record RuntimeStatusChanged(UUID agentId, UUID ownerId, UUID deploymentId, String oldStatus,
            String newStatus, Instant changedAt) {
    }

    @RegisterForReflection
    public record ExecutionCompleted(UUID executionId, UUID agentId, UUID ownerId, UUID deploymentId, UUID taskId,
            boolean success, long durationMs, BigDecimal costUsd, Instant completedAt) {
    }
}
