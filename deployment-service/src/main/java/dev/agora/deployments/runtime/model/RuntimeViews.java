package dev.agora.deployments.runtime.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agora.deployments.runtime.repository.Execution;
import dev.agora.deployments.runtime.repository.MetricRepository;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** What owners read about their running agents. */
public final class RuntimeViews {
    private RuntimeViews() {
    }

    @RegisterForReflection
    public record ExecutionView(UUID id, UUID agentId, UUID deploymentId, UUID taskId, String status, JsonNode input,
            JsonNode output, JsonNode error, Integer executionTimeMs, BigDecimal costUsd, Instant startedAt,
            Instant completedAt) {
        public static ExecutionView of(Execution e) {
            return new ExecutionView(e.id, e.agentId, e.deploymentId, e.taskId, e.status, e.input, e.output, e.error,
                    e.executionTimeMs, e.costUsd, e.startedAt, e.completedAt);
        }
    }

    /** A node of the reasoning tree with its children, in the order they were reported. */
    @RegisterForReflection
    public record ThoughtNode(UUID id, String nodeId, String nodeType, String parentNodeId, String content,
            BigDecimal confidence, Integer processingTimeMs, JsonNode metadata, Instant createdAt,
            List<ThoughtNode> children) {
    }

    @RegisterForReflection
    public record ThoughtTree(UUID executionId, List<ThoughtNode> roots) {
    }

    @RegisterForReflection
    public record MetricSeries(UUID agentId, String type, String bucket, Instant from, Instant to,
            List<MetricRepository.Bucket> points) {
    }
}
