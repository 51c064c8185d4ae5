package dev.agora.marketplace.catalog.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An agent as the catalog knows it, projected from the snapshots of {@code agents.v1}. */
@Entity
@Table(name = "catalog_agents")
public class CatalogAgent {
    @Id
    @Column(name = "agent_id")
    public UUID id;

    @Column(name = "owner_id")
    public UUID ownerId;

    public String name;
    public String description;
    public String subdomain;

    @Column(name = "repo_owner")
    public String repoOwner;

    public String category;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] tags;

    @Column(name = "price_microalgo")
    public long priceMicroalgo;

    public String status;

    @Column(name = "runtime_status")
    public String runtimeStatus;

    public String slug;
    public String tagline;

    @Column(name = "avatar_url")
    public String avatarUrl;

    @Column(name = "cover_image_url")
    public String coverImageUrl;

    @Column(name = "agent_type")
    public String type;

    @Column(name = "publication_status")
    public String publicationStatus;

    @Column(name = "published_version")
    public String publishedVersion;

    @Column(name = "published_at")
    public Instant publishedAt;

    public String availability;
    public boolean verified;

    /** JSON [{slug, name, primary, proficiency}] */
    public String domains;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "domain_slugs")
    public String[] domainSlugs;

    /** JSON [{name, category, level, yearsExperience}] */
    public String skills;

    @Column(name = "search_terms")
    public String searchTerms;

    @Column(name = "price_amount")
    public long priceAmount;

    @Column(name = "price_asset")
    public String priceAsset;

    @Column(name = "hourly_rate")
    public Long hourlyRate;

    @Column(name = "subscription_monthly")
    public Long subscriptionMonthly;

    /** Published, active and not deleted: visible in the public catalog. */
    public boolean listed;

    /** The version of the snapshot last applied; set from events, not an optimistic lock. */
    @Column(name = "agent_version")
    public long agentVersion;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
