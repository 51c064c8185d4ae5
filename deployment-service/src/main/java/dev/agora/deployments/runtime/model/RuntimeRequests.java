package dev.agora.deployments.runtime.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/** The bodies deployed agents send to {@code /api/runtime/*}. */
public final class RuntimeRequests {
    private RuntimeRequests() {
    }

    /** status: healthy (default) or degraded */
    public record Heartbeat(String status) {
    }

    /**
     * A new execution, or (same id again) its later state: status running, waiting, success or error. Once success or
     * error it is final. taskId (optional): the hired task it runs; once set, a different one is a conflict.
     */
    public record ExecutionReport(UUID id, String status, JsonNode input, JsonNode output, JsonNode error,
            Long executionTimeMs, BigDecimal costUsd, Instant startedAt, Instant completedAt, UUID taskId) {
    }

    /** A node of the execution's reasoning tree; parentNodeId names another node of the same execution. */
    public record ThoughtReport(String nodeId, String nodeType, String parentNodeId, String content,
            BigDecimal confidence, Long processingTimeMs, JsonNode metadata) {
    }

    public record MetricReport(String type, BigDecimal value, String unit, Instant recordedAt) {
    }
}
