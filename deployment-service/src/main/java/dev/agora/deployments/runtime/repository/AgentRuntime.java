package dev.agora.deployments.runtime.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A deployed agent's runtime status, from its heartbeats (healthy/degraded), their absence (down), or a stop. */
@Entity
@Table(name = "agent_runtime")
public class AgentRuntime {
    @Id
    @Column(name = "agent_id")
    public UUID agentId;

    @Column(name = "deployment_id")
    public UUID deploymentId;

    @Column(name = "runtime_status")
    public String runtimeStatus;

    @Column(name = "last_heartbeat_at")
    public Instant lastHeartbeatAt;

    @Column(name = "changed_at")
    public Instant changedAt;
}
