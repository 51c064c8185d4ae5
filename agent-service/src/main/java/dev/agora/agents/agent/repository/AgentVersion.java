package dev.agora.agents.agent.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import com.fasterxml.jackson.databind.JsonNode;

/** A published version of an agent: its semantic version, what changed and the frozen snapshot. Never updated. */
@Entity
@Table(name = "agent_versions")
public class AgentVersion {
    @Id
    public UUID id;

    @Column(name = "agent_id")
    public UUID agentId;

    public String version;
    public String changes;

    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode snapshot;

    @Column(name = "published_at")
    public Instant publishedAt;

    @Column(name = "published_by")
    public UUID publishedBy;
}
