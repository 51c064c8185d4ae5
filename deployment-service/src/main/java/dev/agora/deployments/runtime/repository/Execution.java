package dev.agora.deployments.runtime.repository;

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

/** One run of a deployed agent (workflow_executions), as the agent reports it. */
@Entity
@Table(name = "executions")
public class Execution {
    @Id
    public UUID id;

    @Column(name = "agent_id")
    public UUID agentId;

    @Column(name = "deployment_id")
    public UUID deploymentId;

    /** The hired task this execution ran (set by the agent's first report that names one); null when none. */
    @Column(name = "task_id")
    public UUID taskId;

    public String status;

    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode input;

    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode output;

    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode error;

    @Column(name = "execution_time_ms")
    public Integer executionTimeMs;

    @Column(name = "cost_usd")
    public BigDecimal costUsd;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    @Column(name = "created_at")
    public Instant createdAt;
}
