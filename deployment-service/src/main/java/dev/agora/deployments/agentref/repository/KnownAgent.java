package dev.agora.deployments.agentref.repository;

import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agora.common.auth.OrgRoles;
import dev.agora.common.events.Audience;

/** A row of {@code agent_refs}, read only: the projection writes it with SQL ({@link AgentRefRepository}). */
@Entity
@Immutable
@Table(name = "agent_refs")
public class KnownAgent {
    @Id
    @Column(name = "agent_id")
    public UUID id;

    @Column(name = "owner_id")
    public UUID ownerId;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "org_slugs")
    public String[] orgSlugs;

    public String subdomain;

    @Column(name = "repo_owner")
    public String repoOwner;

    @Column(name = "repo_name")
    public String repoName;

    public String status;

    @Column(name = "token_hash")
    public String tokenHash;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "deployment_config")
    public JsonNode deploymentConfig;

    public boolean isDeleted() {
        return AgentRef.DELETED.equals(status);
    }

    /** Who may see events about this agent's deployments: its owner and its organizations' members. */
    public Audience audience() {
        return Audience.users(ownerId).plusOrgs(orgSlugs == null ? List.of() : List.of(orgSlugs), OrgRoles.READERS);
    }
}

