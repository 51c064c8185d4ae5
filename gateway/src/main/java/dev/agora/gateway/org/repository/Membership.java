package dev.agora.gateway.org.repository;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** A user's role in an organization: {@code admin}, {@code agent_manager} or {@code viewer}. */
@Entity
@Table(name = "memberships")
@IdClass(Membership.Key.class)
public class Membership {
    @Id
    @Column(name = "organization_id")
    public UUID organizationId;

    @Id
    @Column(name = "user_id")
    public UUID userId;

    public String role;

    @Column(name = "granted_by")
    public UUID grantedBy;

    @Column(name = "granted_at")
    public Instant grantedAt;

    /** The primary key: (organization, user). */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;

        public UUID organizationId;
        public UUID userId;

        public Key() {
        }

        public Key(UUID organizationId, UUID userId) {
            this.organizationId = organizationId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(organizationId, key.organizationId)
                    && Objects.equals(userId, key.userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(organizationId, userId);
        }
    }
}
