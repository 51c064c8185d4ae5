package dev.agora.deployments.deployment.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import com.fasterxml.jackson.databind.JsonNode;

/** A deployment of an agent ({@code deployments}); status moves only through DeploymentStatus. */
@Entity
@Table(name = "deployments")
public class Deployment {
    @Id
    public UUID id;

    @Column(name = "agent_id")
    public UUID agentId;

    /** the agent's owner when the deployment was made */
    @Column(name = "owner_id")
    public UUID ownerId;

    public int version;

    @Column(name = "job_id")
    public String jobId;

    public String status;

    @Column(name = "trigger_type")
    public String triggerType;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "trigger_config")
    public JsonNode triggerConfig;

    @Column(name = "deployment_url")
    public String deploymentUrl;

    @Column(name = "deployment_summary")
    public String deploymentSummary;

    @Column(name = "error_message")
    public String errorMessage;

    public String image;
    public String cpu;
    public String memory;
    public int replicas;
    public int port;

    @Column(name = "scheduled_at")
    public Instant scheduledAt;

    @Column(name = "dispatched_at")
    public Instant dispatchedAt;

    @Column(name = "released_at")
    public Instant releasedAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "deployed_at")
    public Instant deployedAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    @Column(name = "stopped_at")
    public Instant stoppedAt;

    @Column(name = "created_at")
    public Instant createdAt;

    /** the lease of the replica following the rollout while deploying */
    @Column(name = "followed_at")
    public Instant followedAt;

    @Column(name = "release_attempts")
    public int releaseAttempts;

    @Column(name = "release_next_at")
    public Instant releaseNextAt;

    /** the release was given up after the last allowed attempt */
    @Column(name = "release_failed_at")
    public Instant releaseFailedAt;

    /** SHA-256 of the runtime token minted for this deployment; never exposed */
    @Column(name = "runtime_token_hash")
    public String runtimeTokenHash;
}
