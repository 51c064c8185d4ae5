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

    /** The version of the snapshot last applied; set from events, not an optimistic lock. */
    @Column(name = "agent_version")
    public long agentVersion;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
