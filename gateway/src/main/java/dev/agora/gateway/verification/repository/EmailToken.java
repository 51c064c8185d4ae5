package dev.agora.gateway.verification.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A one-time token sent by mail; only its SHA-256 is stored. */
@Entity
@Table(name = "email_tokens")
public class EmailToken {
    @Id
    public UUID id;

    @Column(name = "user_id")
    public UUID userId;

    /** {@code verify-email} or {@code reset-password} ({@code EmailTokenPurpose}). */
    public String purpose;

    @Column(name = "token_hash")
    public String tokenHash;

    /** The address the mail went to. */
    public String email;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "used_at")
    public Instant usedAt;

    /** When a newer token of the same user and purpose replaced it. */
    @Column(name = "superseded_at")
    public Instant supersededAt;

    /** Neither used, superseded nor expired. */
    public boolean usableAt(Instant now) {
        return usedAt == null && supersededAt == null && expiresAt.isAfter(now);
    }
}
