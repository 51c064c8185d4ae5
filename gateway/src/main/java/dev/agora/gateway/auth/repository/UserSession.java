package dev.agora.gateway.auth.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One sign-in: the family of refresh tokens it rotates through ({@code refresh_tokens.family_id = id}). */
@Entity
@Table(name = "sessions")
public class UserSession {
    @Id
    public UUID id;

    @Column(name = "user_id")
    public UUID userId;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    /** When the user last proved their password in this session: the access tokens' {@code auth_time}. */
    @Column(name = "authenticated_at")
    public Instant authenticatedAt;

    @Column(name = "user_agent")
    public String userAgent;

    public String ip;

    @Column(name = "revoked_at")
    public Instant revokedAt;
}
