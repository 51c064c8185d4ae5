package dev.agora.marketplace.stats.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The newest known state of one task (from its {@code agora.task.*} snapshots). */
@Entity
@Table(name = "stats_task_facts")
public class TaskFact {
    @Id
    @Column(name = "task_id")
    public UUID taskId;

    @Column(name = "agent_id")
    public UUID agentId;

    public String status;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** When the work first reached the agent (null: never dispatched, a task the owner works by hand). */
    @Column(name = "dispatched_at")
    public Instant dispatchedAt;

    /** When the agent first reported progress. */
    @Column(name = "first_progress_at")
    public Instant firstProgressAt;
}
