package dev.agora.marketplace.task.repository;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import com.fasterxml.jackson.databind.JsonNode;

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

    /** When the work first reached the agent (its first {@code agora.task-run.dispatched.v1}); null until then. */
    @Column(name = "dispatched_at")
    public Instant dispatchedAt;

    /** When the agent first reported progress on the work; null until then. */
    @Column(name = "first_progress_at")
    public Instant firstProgressAt;

    /** What the agent produced (a task-result object: text, data, files); null until the run completed. */
    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode result;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public boolean involves(UUID userId) {
        return userId.equals(hirerId) || userId.equals(ownerId);
    }
}
