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

/** A node of an execution's reasoning tree (agent_thoughts); parentNodeId links nodes of one execution. */
@Entity
@Table(name = "agent_thoughts")
public class Thought {
    @Id
    public UUID id;

    @Column(name = "agent_id")
    public UUID agentId;

    @Column(name = "execution_id")
    public UUID executionId;

    @Column(name = "node_id")
    public String nodeId;

    @Column(name = "node_type")
    public String nodeType;

    @Column(name = "parent_node_id")
    public String parentNodeId;

    public String content;

    public BigDecimal confidence;

    @Column(name = "processing_time_ms")
    public Integer processingTimeMs;

    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode metadata;

    @Column(name = "created_at")
    public Instant createdAt;
}
