package dev.agora.agents.agent.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An agent of the registry (seed 000 {@code agents}). */
@Entity
@Table(name = "agents")
public class Agent {
    @Id
    public UUID id;

    @Column(name = "user_id")
    public UUID ownerId;

    public String name;
    public String description;
    public String subdomain;

    @Column(name = "repo_owner")
    public String repoOwner;

    @Column(name = "repo_name")
    public String repoName;

    @Column(name = "github_url")
    public String githubUrl;

    @Column(name = "agent_address")
    public String agentAddress;

    @Column(name = "app_id")
    public Long appId;

    @Column(name = "price_microalgo")
    public long priceMicroalgo;

    public String status;

    @Column(name = "runtime_status")
    public String runtimeStatus;

    public String category;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] tags;

    /** The organizations (slugs of the JWT {@code orgs} claim) whose members may see or manage this agent. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "organization_slugs")
    public String[] organizationSlugs;

    @Column(name = "data_input")
    public String dataInput;

    @Column(name = "example_input")
    public String exampleInput;

    @Column(name = "example_output")
    public String exampleOutput;

    /** Optimistic lock, and the order of this agent's snapshots for projections. */
    @Version
    public long version;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
