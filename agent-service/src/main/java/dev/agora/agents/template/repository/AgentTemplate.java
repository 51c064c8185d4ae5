package dev.agora.agents.template.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import com.fasterxml.jackson.databind.JsonNode;

/** An agent template: the fields of a new agent, prefilled. Private ones are their creator's only. */
@Entity
@Table(name = "agent_templates")
public class AgentTemplate {
    @Id
    public UUID id;

    public String name;
    public String description;

    @Column(name = "agent_type")
    public String type;

    /** Any fields of a create request; endpoint secrets inside are stored encrypted. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "default_config")
    public JsonNode defaultConfig;

    @Column(name = "is_public")
    public boolean isPublic;

    @Column(name = "created_by")
    public UUID createdBy;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
