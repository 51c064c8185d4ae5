package dev.agora.marketplace.task.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
public record CreateTaskRequest(UUID agentId, String title, String description, String taskType, String priority,
        BigDecimal budget, String paymentType, Instant dueDate) {
}
