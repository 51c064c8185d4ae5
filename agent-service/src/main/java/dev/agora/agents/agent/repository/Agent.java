package dev.agora.agents.agent.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.java.Immutability;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An agent of the registry ({@code agents}).
 * <p>
 * Its JSON attributes are never changed in place, only replaced (services copy a node before editing it), so they
 * are mapped immutable: Hibernate compares them by {@code equals} instead of keeping a serialised deep copy of each
 * one per loaded agent, and an update writes only the columns that changed.
 */
@Entity
@DynamicUpdate
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

    public String slug;
    public String tagline;

    @Column(name = "avatar_url")
    public String avatarUrl;

    @Column(name = "cover_image_url")
    public String coverImageUrl;

    /** context | api | external. */
    @Column(name = "agent_type")
    public String type;

    public String department;

    /** The system prompt (context agents) or the usage notes (api, external). */
    public String context;

    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    @Column(name = "llm_config")
    public JsonNode llmConfig;

    /** Secret values are stored encrypted (see EndpointSecrets). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    public JsonNode endpoint;

    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    @Column(name = "io_schema")
    public JsonNode ioSchema;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] capabilities;

    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    public JsonNode config;

    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    @Column(name = "deployment_config")
    public JsonNode deploymentConfig;

    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    public JsonNode metadata;

    /** [{slug, name, icon, primary, proficiency}]. */
    @Convert(converter = JsonArrayText.class)
    @Mutability(Immutability.class)
    public JsonNode domains;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "domain_slugs")
    public String[] domainSlugs;

    /** [{name, category, level, yearsExperience}]. */
    @Convert(converter = JsonArrayText.class)
    @Mutability(Immutability.class)
    public JsonNode skills;

    @Column(name = "pricing_amount")
    public long pricingAmount;

    @Column(name = "pricing_asset")
    public String pricingAsset;

    @Column(name = "hourly_rate")
    public Long hourlyRate;

    @Column(name = "subscription_monthly")
    public Long subscriptionMonthly;

    public String chain;

    @Column(name = "chain_id")
    public Long chainId;

    @Column(name = "chain_address")
    public String chainAddress;

    @Column(name = "erc8004_agent_id")
    public String erc8004AgentId;

    public String availability;
    public boolean verified;

    @Column(name = "publication_status")
    public String publicationStatus;

    @Column(name = "published_version")
    public String publishedVersion;

    @Column(name = "published_at")
    public Instant publishedAt;

    /** The frozen snapshot of {@link #publishedVersion}. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    @Column(name = "published_snapshot")
    public JsonNode publishedSnapshot;

    /** SHA-256 (lowercase hex) of the agent's access token; the token itself is never stored. */
    @Column(name = "agent_token")
    public String tokenHash;

    /** SHA-256 of the runtime token of the agent's current deployment (deployment-service mints it), or null. */
    @Column(name = "runtime_token_hash")
    public String runtimeTokenHash;

    @Column(name = "token_rotated_at")
    public Instant tokenRotatedAt;

    @Column(name = "deployment_url")
    public String deploymentUrl;

    /** Optimistic lock, and the order of this agent's snapshots for projections. */
    @Version
    public long version;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
