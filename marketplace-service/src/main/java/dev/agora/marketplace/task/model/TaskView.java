package dev.agora.marketplace.task.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agora.marketplace.task.repository.Task;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A task as listed and as published in its {@code marketplace.v1} events. {@code dispatchedAt}: when the work first
 * reached the agent; {@code firstProgressAt}: when the agent first reported progress; {@code result}: what the agent
 * produced ({@code {text, data, files}}), null until its run completed.
 */
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
        Instant updatedAt,
        Instant dispatchedAt,
        Instant firstProgressAt,
        JsonNode result) {

    public static TaskView of(Task task) {
        return new TaskView(task.id, task.agentId, task.hirerId, task.ownerId, task.title, task.description,
                task.taskType, task.status, task.priority, task.budget, task.paymentType, task.dueDate, task.startedAt,
                task.finishedAt, task.failureReason, task.createdAt, task.updatedAt, task.dispatchedAt,
                task.firstProgressAt, task.result);
    }
}
