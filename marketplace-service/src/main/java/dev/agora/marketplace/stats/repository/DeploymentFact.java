package dev.agora.marketplace.stats.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The newest known state of one deployment (from its {@code agora.deployment.*} snapshots). */
@Entity
@Table(name = "stats_deployment_facts")
public class DeploymentFact {
    @Id
    @Column(name = "deployment_id")
    public UUID deploymentId;

    @Column(name = "agent_id")
    public UUID agentId;

    public String status;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "deployed_at")
    public Instant deployedAt;

    @Column(name = "completed_at")
    public Instant completedAt;
}
