package dev.agora.marketplace.task.rest;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import dev.agora.marketplace.task.repository.Task;
import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
public record TaskView(
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
        Instant updatedAt) {

    public static TaskView of(Task task) {
        return new TaskView(task.id, task.agentId, task.hirerId, task.ownerId, task.title, task.description,
                task.taskType, task.status, task.priority, task.budget, task.paymentType, task.dueDate, task.startedAt,
                task.finishedAt, task.failureReason, task.createdAt, task.updatedAt);
    }
}
