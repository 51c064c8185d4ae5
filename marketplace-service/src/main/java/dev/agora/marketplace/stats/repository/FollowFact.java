package dev.agora.marketplace.stats.repository;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** Whether a user follows an agent, as of the newest follow or unfollow seen. */
@Entity
@Table(name = "stats_follow_facts")
public class FollowFact {
    @EmbeddedId
    public Key key;

    public boolean following;

    @Column(name = "changed_at")
    public Instant changedAt;

    @Embeddable
    public static class Key implements Serializable {
        @Column(name = "agent_id")
        public UUID agentId;

        @Column(name = "user_id")
        public UUID userId;

        public Key() {
        }

        public Key(UUID agentId, UUID userId) {
            this.agentId = agentId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.agentId.equals(agentId) && key.userId.equals(userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(agentId, userId);
        }
    }
}
