package dev.agora.deployments.runtime.service;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.common.paging.Page;
import dev.agora.common.paging.PageRequest;
import dev.agora.common.problem.FieldError;
import dev.agora.common.problem.ProblemException;
import dev.agora.deployments.access.AgentAccess;
import dev.agora.deployments.access.Caller;
import dev.agora.deployments.runtime.repository.ExecutionRepository;
import dev.agora.deployments.runtime.repository.MetricRepository;
import dev.agora.deployments.runtime.repository.Thought;
import dev.agora.deployments.runtime.repository.ThoughtRepository;
import dev.agora.deployments.runtime.model.RuntimeViews;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** Executions, thought trees and metrics, for those who may read the agent (same rules as its deployments). */
@ApplicationScoped
public class RuntimeReadService {
    private static final long MAX_BUCKETS = 10_000;

    private final ExecutionRepository executions;
    private final ThoughtRepository thoughts;
    private final MetricRepository metrics;
    private final AgentAccess access;

    public RuntimeReadService(ExecutionRepository executions, ThoughtRepository thoughts, MetricRepository metrics,
            AgentAccess access) {
        this.executions = executions;
        this.thoughts = thoughts;
        this.metrics = metrics;
        this.access = access;
    }

    @WithSession
    public Uni<Page<RuntimeViews.ExecutionView>> executions(Caller caller, UUID agentId, String status, UUID taskId,
            String limit, String cursor) {
        List<FieldError> errors = new ArrayList<>();
        if (agentId == null) {
            errors.add(new FieldError("agentId", "is required"));
        }
        if (status != null && !RuntimeReportService.EXECUTION_STATUSES.contains(status)) {
            errors.add(new FieldError("status", "must be one of running, waiting, success, error"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        PageRequest page = PageRequest.of(limit, cursor, 2);
        Instant at = page.hasCursor() ? page.instantAt(0) : null;
        UUID after = page.hasCursor() ? page.uuidAt(1) : null;
        return access.readable(caller, agentId)
                .chain(() -> executions.list(agentId, status, taskId, at, after, page.limit()))
                .map(rows -> Page.of(rows, page.limit(), RuntimeViews.ExecutionView::of,
                        last -> PageRequest.encodeCursor(last.startedAt, last.id)));
    }

    @WithSession
    public Uni<RuntimeViews.ExecutionView> execution(Caller caller, UUID id) {
        return executions.findById(id).chain(e -> e == null
                ? Uni.createFrom().failure(ProblemException.notFound("execution " + id))
                : access.readable(caller, e.agentId)
                        .onFailure(ProblemException.class).transform(x -> ProblemException.notFound("execution " + id))
                        .replaceWith(RuntimeViews.ExecutionView.of(e)));
    }

    @WithSession
    public Uni<RuntimeViews.ThoughtTree> thoughts(Caller caller, UUID executionId) {
        return execution(caller, executionId)
                .chain(() -> thoughts.ofExecution(executionId))
                .map(rows -> new RuntimeViews.ThoughtTree(executionId, tree(rows)));
    }

    /** Nodes under their parents; a node whose parent was never reported is a root. */
    static List<RuntimeViews.ThoughtNode> tree(List<Thought> rows) {
        Map<String, List<Thought>> children = new LinkedHashMap<>();
        Map<String, Thought> byNode = new LinkedHashMap<>();
        rows.forEach(t -> byNode.putIfAbsent(t.nodeId, t));
        List<Thought> roots = new ArrayList<>();
        for (Thought t : rows) {
            if (t.parentNodeId == null || !byNode.containsKey(t.parentNodeId) || t.parentNodeId.equals(t.nodeId)) {
                roots.add(t);
            } else {
                children.computeIfAbsent(t.parentNodeId, k -> new ArrayList<>()).add(t);
            }
        }
        return roots.stream().map(t -> node(t, children, new java.util.HashSet<>())).toList();
    }

    private static RuntimeViews.ThoughtNode node(Thought t, Map<String, List<Thought>> children,
            java.util.Set<String> path) {
        // a cycle in reported parents (a → b → a) is cut where it closes
        boolean seen = !path.add(t.nodeId);
        List<RuntimeViews.ThoughtNode> below = seen ? List.of()
                : children.getOrDefault(t.nodeId, List.of()).stream().map(c -> node(c, children, path)).toList();
        path.remove(t.nodeId);
        return new RuntimeViews.ThoughtNode(t.id, t.nodeId, t.nodeType, t.parentNodeId, t.content, t.confidence,
                t.processingTimeMs, t.metadata, t.createdAt, below);
    }

    @WithSession
    public Uni<RuntimeViews.MetricSeries> metrics(Caller caller, UUID agentId, String type, String from, String to,
            String bucket) {
        List<FieldError> errors = new ArrayList<>();
        if (agentId == null) {
            errors.add(new FieldError("agentId", "is required"));
        }
        Instant end = instant(to, "to", Instant.now(), errors);
        Instant start = instant(from, "from", end == null ? null : end.minus(Duration.ofDays(1)), errors);
        Duration size = null;
        try {
            size = bucket == null || bucket.isBlank() ? Duration.ofHours(1) : Duration.parse(bucket.strip());
            if (size.isNegative() || size.isZero() || size.toSeconds() < 1) {
                errors.add(new FieldError("bucket", "must be an ISO-8601 duration of at least one second, e.g. PT5M"));
                size = null;
            }
        } catch (DateTimeParseException e) {
            errors.add(new FieldError("bucket", "must be an ISO-8601 duration, e.g. PT5M or PT1H"));
        }
        if (start != null && end != null && !start.isBefore(end)) {
            errors.add(new FieldError("from", "must be before to"));
        } else if (start != null && end != null && size != null
                && Duration.between(start, end).toSeconds() / size.toSeconds() > MAX_BUCKETS) {
            errors.add(new FieldError("bucket", "gives more than " + MAX_BUCKETS + " buckets between from and to"));
        }
        if (type != null && type.length() > 100) {
            errors.add(new FieldError("type", "must be at most 100 characters"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        Duration bucketSize = size;
        return access.readable(caller, agentId)
                .chain(() -> metrics.buckets(agentId, type, start, end, bucketSize.toSeconds()))
                .map(points -> new RuntimeViews.MetricSeries(agentId, type, bucketSize.toString(), start, end, points));
    }

    private static Instant instant(String value, String field, Instant fallback, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be an ISO-8601 instant, e.g. 2026-01-01T00:00:00Z"));
            return null;
        }
    }
}
