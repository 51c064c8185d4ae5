package dev.agora.marketplace.task.repository;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A hire of a listed agent: the hirer asks, the agent's owner does the work. */
@Entity
@Table(name = "tasks")
public class Task {
    @Id
    public UUID id;

    @Column(name = "agent_id")
    public UUID agentId;

    @Column(name = "hirer_id")
    public UUID hirerId;

    @Column(name = "owner_id")
    public UUID ownerId;

    public String title;
    public String description;

    @Column(name = "task_type")
    public String taskType;

    public String status;
    public String priority;
    public BigDecimal budget;

    @Column(name = "payment_type")
    public String paymentType;

    @Column(name = "due_date")
    public Instant dueDate;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "failure_reason")
    public String failureReason;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public boolean involves(UUID userId) {
        return userId.equals(hirerId) || userId.equals(ownerId);
    }
}
