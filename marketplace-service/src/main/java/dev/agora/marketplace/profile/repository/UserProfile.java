package dev.agora.marketplace.profile.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A user's marketplace profile: display name and email from identity.v1, the rest set by the user. */
@Entity
@Table(name = "user_profiles")
public class UserProfile {
    @Id
    @Column(name = "user_id")
    public UUID userId;

    @Column(name = "display_name")
    public String displayName;

    public String email;
    public String username;
    public String bio;

    @Column(name = "avatar_url")
    public String avatarUrl;

    @Column(name = "wallet_chain")
    public String walletChain;

    @Column(name = "wallet_address")
    public String walletAddress;

    /** Written on insert and then only by {@code ReputationRepository.store}, in the transactions of its facts. */
    @Column(name = "reputation_score", updatable = false)
    public Integer reputationScore;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
