package dev.agora.gateway.apikey.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An API key: only its SHA-256 and a short recognisable prefix are stored. Exactly one owner column is set. */
@Entity
@Table(name = "api_keys")
public class ApiKey {
    @Id
    public UUID id;

    @Column(name = "key_hash")
    public String keyHash;

    public String prefix;

    public String name;

    @Column(name = "user_id")
    public UUID userId;

    @Column(name = "organization_id")
    public UUID organizationId;

    @Column(name = "service_account_id")
    public UUID serviceAccountId;

    /** Space-separated. */
    public String scopes;

    @Column(name = "created_by")
    public UUID createdBy;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;
}
