package dev.agora.agents.run.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.DynamicUpdate;

/** The work of one hired task at its agent ({@code task_runs}): what to send, where it stands, who holds it. */
@Entity
@DynamicUpdate
@Table(name = "task_runs")
public class TaskRun {
    @Id
    @Column(name = "task_id")
    public UUID taskId;

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

    public String transport;
    public String status;
    public int attempts;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "lease_until")
    public Instant leaseUntil;

    @Column(name = "lease_token")
    public UUID leaseToken;

    @Column(name = "remote_task_id")
    public String remoteTaskId;

    @Column(name = "remote_context_id")
    public String remoteContextId;

    @Column(name = "remote_status_url")
    public String remoteStatusUrl;

    @Column(name = "push_notifications")
    public boolean pushNotifications;

    @Column(name = "notified_at")
    public Instant notifiedAt;

    @Column(name = "pending_answer")
    public String pendingAnswer;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "last_report_digest")
    public String lastReportDigest;

    @Column(name = "silence_timeout_seconds")
    public int silenceTimeoutSeconds;

    @Column(name = "dispatched_at")
    public Instant dispatchedAt;

    @Column(name = "last_activity_at")
    public Instant lastActivityAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The number of the attempt being made or last made (1 for the first). */
    public int attempt() {
        return Math.max(attempts, 1);
    }
}
