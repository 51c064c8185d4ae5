package dev.agora.deployments.runtime.service;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.agora.common.events.Topics;
import dev.agora.common.outbox.OutboxWriter;
import dev.agora.common.outbox.WithOutboxTransaction;
import dev.agora.common.problem.FieldError;
import dev.agora.common.problem.ProblemException;
import dev.agora.deployments.agentref.repository.KnownAgent;
import dev.agora.deployments.deployment.repository.Deployment;
import dev.agora.deployments.deployment.repository.DeploymentRepository;
import dev.agora.deployments.runtime.events.RuntimeEvents;
import dev.agora.deployments.runtime.repository.Execution;
import dev.agora.deployments.runtime.repository.ExecutionRepository;
import dev.agora.deployments.runtime.repository.MetricRepository;
import dev.agora.deployments.runtime.repository.Thought;
import dev.agora.deployments.runtime.repository.ThoughtRepository;
import dev.agora.deployments.runtime.model.RuntimeRequests;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** What a deployed agent reports about its work: executions (with their thoughts) and metrics. */
@ApplicationScoped
public class RuntimeReportService {
    public static final Set<String> EXECUTION_STATUSES = Set.of("running", "waiting", "success", "error");
    public static final Set<String> FINISHED = Set.of("success", "error");
    public static final Set<String> NODE_TYPES = Set.of("input", "processing", "action", "output");
    private static final Pattern METRIC_TYPE = Pattern.compile("^[a-z][a-z0-9_.-]{0,99}$");

    private final ExecutionRepository executions;
    private final ThoughtRepository thoughts;
    private final MetricRepository metrics;
    private final DeploymentRepository deployments;
    private final OutboxWriter outbox;

    public RuntimeReportService(ExecutionRepository executions, ThoughtRepository thoughts, MetricRepository metrics,
            DeploymentRepository deployments, OutboxWriter outbox) {
        this.executions = executions;
        this.thoughts = thoughts;
        this.metrics = metrics;
        this.deployments = deployments;
        this.outbox = outbox;
    }

    /** The result of a report: the execution, and whether it was new (201) or an update (200). */
    public record Reported(Execution execution, boolean created) {
    }

    /** The agent's current deployment (the succeeded one), which reports are attributed to; null when none. */
    @WithSession
    public Uni<UUID> currentDeployment(UUID agentId) {
        return deployments.succeededOf(agentId).map(list -> list.isEmpty() ? null
                : list.stream().max(java.util.Comparator.comparingInt((Deployment d) -> d.version)).get().id);
    }

    @WithOutboxTransaction
    public Uni<Reported> reportExecution(KnownAgent agent, RuntimeRequests.ExecutionReport report) {
        validate(report);
        Uni<Execution> existing = report.id() == null ? Uni.createFrom().nullItem() : executions.findById(report.id());
        return existing.chain(found -> {
            if (found != null && !found.agentId.equals(agent.id)) {
                throw ProblemException.notFound("execution " + report.id());
            }
            // an execution runs one task: the first report naming one sets it, a different one later is a conflict
            if (found != null && report.taskId() != null && found.taskId != null && !found.taskId.equals(report.taskId())) {
                throw ProblemException.conflict("taskId",
                        "execution " + found.id + " already runs task " + found.taskId + ", not " + report.taskId());
            }
            if (found != null && FINISHED.contains(found.status)) {
                throw ProblemException.conflict("status", "execution " + found.id + " already finished (" + found.status + ")");
            }
            boolean created = found == null;
            return currentDeployment(agent.id).chain(deploymentId -> {
                Execution e = created ? new Execution() : found;
                if (created) {
                    e.id = report.id() == null ? UUID.randomUUID() : report.id();
                    e.agentId = agent.id;
                    e.createdAt = now();
                    e.startedAt = report.startedAt() == null ? e.createdAt : report.startedAt().truncatedTo(ChronoUnit.MICROS);
                    e.deploymentId = deploymentId;
                } else if (report.startedAt() != null) {
                    e.startedAt = report.startedAt().truncatedTo(ChronoUnit.MICROS);
                }
                e.status = report.status();
                if (report.taskId() != null) {
                    e.taskId = report.taskId();
                }
                if (report.input() != null) {
                    e.input = report.input();
                }
                if (report.output() != null) {
                    e.output = report.output();
                }
                if (report.error() != null) {
                    e.error = report.error();
                }
                if (report.costUsd() != null) {
                    e.costUsd = report.costUsd();
                }
                if (report.completedAt() != null) {
                    e.completedAt = report.completedAt().truncatedTo(ChronoUnit.MICROS);
                } else if (FINISHED.contains(e.status)) {
                    e.completedAt = now();
                }
                if (e.completedAt != null && e.completedAt.isBefore(e.startedAt)) {
                    throw ProblemException.badRequest("completedAt", "must not be before startedAt");
                }
                if (report.executionTimeMs() != null) {
                    e.executionTimeMs = report.executionTimeMs().intValue();
                } else if (FINISHED.contains(e.status)) {
                    e.executionTimeMs = (int) Math.min(Integer.MAX_VALUE,
                            Duration.between(e.startedAt, e.completedAt).toMillis());
                }
                Uni<Execution> saved = created ? executions.persistAndFlush(e) : executions.flush().replaceWith(e);
                return saved.call(s -> FINISHED.contains(s.status) ? completed(s, agent) : Uni.createFrom().voidItem())
                        .map(s -> new Reported(s, created));
            });
        });
    }

    private Uni<?> completed(Execution e, KnownAgent agent) {
        return outbox.append(Topics.DEPLOYMENTS, RuntimeEvents.EXECUTION_COMPLETED, e.agentId,
                new RuntimeEvents.ExecutionCompleted(e.id, e.agentId, agent.ownerId, e.deploymentId, e.taskId, "success".equals(e.status),
                        e.executionTimeMs == null ? 0 : e.executionTimeMs, e.costUsd, e.completedAt), agent.audience());
    }

    private static void validate(RuntimeRequests.ExecutionReport report) {
        if (report == null) {
            throw ProblemException.badRequest("body", "is required");
        }
        List<FieldError> errors = new ArrayList<>();
        if (report.status() == null || !EXECUTION_STATUSES.contains(report.status())) {
            errors.add(new FieldError("status", "must be one of running, waiting, success, error"));
        }
        if (report.executionTimeMs() != null && (report.executionTimeMs() < 0 || report.executionTimeMs() > Integer.MAX_VALUE)) {
            errors.add(new FieldError("executionTimeMs", "must be a whole number of milliseconds, 0 or more"));
        }
        if (report.costUsd() != null && (report.costUsd().signum() < 0 || report.costUsd().compareTo(new BigDecimal("99999999")) > 0)) {
            errors.add(new FieldError("costUsd", "must be 0 or more"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    @WithTransaction
    public Uni<Thought> reportThought(KnownAgent agent, UUID executionId, RuntimeRequests.ThoughtReport report) {
        validate(report);
        return executions.findById(executionId).chain(execution -> {
            if (execution == null || !execution.agentId.equals(agent.id)) {
                throw ProblemException.notFound("execution " + executionId);
            }
            Thought t = new Thought();
            t.id = UUID.randomUUID();
            t.agentId = agent.id;
            t.executionId = executionId;
            t.nodeId = report.nodeId();
            t.nodeType = report.nodeType();
            t.parentNodeId = report.parentNodeId();
            t.content = report.content();
            t.confidence = report.confidence();
            t.processingTimeMs = report.processingTimeMs() == null ? null : report.processingTimeMs().intValue();
            t.metadata = report.metadata() == null ? JsonNodeFactory.instance.objectNode() : report.metadata();
            t.createdAt = now();
            return thoughts.persistAndFlush(t);
        });
    }

    private static void validate(RuntimeRequests.ThoughtReport report) {
        if (report == null) {
            throw ProblemException.badRequest("body", "is required");
        }
        List<FieldError> errors = new ArrayList<>();
        if (report.nodeId() == null || report.nodeId().isBlank() || report.nodeId().length() > 100) {
            errors.add(new FieldError("nodeId", "is required, at most 100 characters"));
        }
        if (report.nodeType() == null || !NODE_TYPES.contains(report.nodeType())) {
            errors.add(new FieldError("nodeType", "must be one of input, processing, action, output"));
        }
        if (report.parentNodeId() != null && (report.parentNodeId().isBlank() || report.parentNodeId().length() > 100)) {
            errors.add(new FieldError("parentNodeId", "must be a node id, at most 100 characters"));
        }
        if (report.content() == null || report.content().isBlank()) {
            errors.add(new FieldError("content", "is required"));
        }
        if (report.confidence() != null && (report.confidence().signum() < 0 || report.confidence().compareTo(BigDecimal.ONE) > 0)) {
            errors.add(new FieldError("confidence", "must be between 0 and 1"));
        }
        if (report.processingTimeMs() != null && (report.processingTimeMs() < 0 || report.processingTimeMs() > Integer.MAX_VALUE)) {
            errors.add(new FieldError("processingTimeMs", "must be a whole number of milliseconds, 0 or more"));
        }
        if (report.metadata() != null && !report.metadata().isObject()) {
            errors.add(new FieldError("metadata", "must be a JSON object"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    @WithTransaction
    public Uni<Void> reportMetric(KnownAgent agent, RuntimeRequests.MetricReport report) {
        if (report == null) {
            throw ProblemException.badRequest("body", "is required");
        }
        List<FieldError> errors = new ArrayList<>();
        if (report.type() == null || !METRIC_TYPE.matcher(report.type()).matches()) {
            errors.add(new FieldError("type", "is required: lowercase letters, digits, _ . -, at most 100 characters"));
        }
        if (report.value() == null || report.value().abs().compareTo(new BigDecimal("1e14")) >= 0) {
            errors.add(new FieldError("value", "is required, a number below 10^14"));
        }
        if (report.unit() != null && report.unit().length() > 50) {
            errors.add(new FieldError("unit", "must be at most 50 characters"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        Instant at = report.recordedAt() == null ? now() : report.recordedAt().truncatedTo(ChronoUnit.MICROS);
        return metrics.insert(agent.id, report.type(), report.value(), report.unit(), at);
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
