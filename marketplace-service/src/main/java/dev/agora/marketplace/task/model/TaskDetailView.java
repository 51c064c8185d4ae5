package dev.agora.marketplace.task.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agora.marketplace.task.repository.Task;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One task as its two parties read it: the fields of {@link TaskView}, plus how the agent's run went
 * ({@code execution}) and the money that moved for it ({@code payments}).
 */
@RegisterForReflection
public record TaskDetailView(
        UUID id,
        UUID agentId,
        UUID hirerId,
        UUID ownerId,
        String title,
        String description,
        String taskType,
        String status,
        String priority,
        BigDecimal budget,
        String paymentType,
        Instant dueDate,
        Instant startedAt,
        Instant finishedAt,
        String failureReason,
        Instant createdAt,
        Instant updatedAt,
        Instant dispatchedAt,
        Instant firstProgressAt,
        JsonNode result,
        TaskExecutionView execution,
        List<TaskPaymentView> payments) {

    public static TaskDetailView of(Task task, TaskExecutionView execution, List<TaskPaymentView> payments) {
        return new TaskDetailView(task.id, task.agentId, task.hirerId, task.ownerId, task.title, task.description,
                task.taskType, task.status, task.priority, task.budget, task.paymentType, task.dueDate, task.startedAt,
                task.finishedAt, task.failureReason, task.createdAt, task.updatedAt, task.dispatchedAt,
                task.firstProgressAt, task.result, execution, payments);
    }
}
