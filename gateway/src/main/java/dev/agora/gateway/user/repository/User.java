package dev.agora.gateway.user.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A person who can sign in ({@code users}); the email is stored trimmed and lower-cased.
 * A deleted user keeps its row (other rows refer to it) with every personal field scrubbed.
 */
@Entity
@Table(name = "users")
public class User {
    @Id
    public UUID id;

    public String email;

    @Column(name = "password_hash")
    public String passwordHash;

    @Column(name = "display_name")
    public String displayName;

    /** Lower-case, unique; optional. */
    public String username;

    @Column(name = "full_name")
    public String fullName;

    @Column(name = "avatar_url")
    public String avatarUrl;

    /** {@code free}, {@code pro} or {@code enterprise}: sets the edge rate limits. */
    public String plan;

    /** Granted by an operator in the database; the access token then carries the {@code admin} group. */
    @Column(name = "platform_admin")
    public boolean platformAdmin;

    @Column(name = "deleted_at")
    public Instant deletedAt;

    @Column(name = "is_active")
    public boolean active;

    @Column(name = "last_login_at")
    public Instant lastLoginAt;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** When the user opened a verification mail sent to {@link #email}; null until then. */
    @Column(name = "email_verified_at")
    public Instant emailVerifiedAt;
}
