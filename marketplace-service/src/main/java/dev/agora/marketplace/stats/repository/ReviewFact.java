package dev.agora.marketplace.stats.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One review's ratings (reviews never change their ratings). */
@Entity
@Table(name = "stats_review_facts")
public class ReviewFact {
    @Id
    @Column(name = "review_id")
    public UUID reviewId;

    @Column(name = "agent_id")
    public UUID agentId;

    public int rating;

    @Column(name = "response_time_rating")
    public Integer responseTimeRating;

    @Column(name = "quality_rating")
    public Integer qualityRating;

    @Column(name = "communication_rating")
    public Integer communicationRating;

    @Column(name = "value_rating")
    public Integer valueRating;

    @Column(name = "created_at")
    public Instant createdAt;
}
