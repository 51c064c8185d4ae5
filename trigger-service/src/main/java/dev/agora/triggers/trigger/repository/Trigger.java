package dev.agora.triggers.trigger.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A user's trigger ({@code triggers}); filter and condition tree as the validated JSON the owner wrote. */
@Entity
@Table(name = "triggers")
public class Trigger {
    public static final String CHAIN = "chain";
    public static final String PLATFORM = "platform";
    public static final String GROUP_BY_AGENT = "agentId";

    @Id
    public UUID id;

    @Column(name = "owner_id")
    public UUID ownerId;

    public String name;
    public String description;
    public boolean enabled;

    @Column(name = "source_type")
    public String sourceType;

    @Column(name = "chain_id")
    public Long chainId;

    public String registry;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "event_types")
    public String[] eventTypes;

    /** JSON array of stateless conditions. */
    public String filter;

    /** JSON condition tree, or null (fires on every event passing the filter). */
    public String conditions;

    @Column(name = "group_by")
    public String groupBy;

    /**
     * The webhook signing secret ({@code whsec_…}), sealed; shown once, at creation or rotation. Written only on insert
     * here: its rotations are single-column updates, which saving the trigger must never undo.
     */
    @Column(name = "signing_secret", updatable = false)
    public String signingSecret;

    @Version
    public long version;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
