package dev.agora.marketplace.review.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A hirer's review of a completed task, with the owner's one reply. */
@Entity
@Table(name = "reviews")
public class Review {
    @Id
    public UUID id;

    @Column(name = "task_id")
    public UUID taskId;

    @Column(name = "agent_id")
    public UUID agentId;

    @Column(name = "reviewer_id")
    public UUID reviewerId;

    public int rating;

    @Column(name = "response_time_rating")
    public Integer responseTimeRating;

    @Column(name = "quality_rating")
    public Integer qualityRating;

    @Column(name = "communication_rating")
    public Integer communicationRating;

    @Column(name = "value_rating")
    public Integer valueRating;

    public String title;

    @Column(name = "review_text")
    public String text;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] pros;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] cons;

    @Column(name = "would_hire_again")
    public Boolean wouldHireAgain;

    @Column(name = "owner_reply")
    public String ownerReply;

    @Column(name = "replied_at")
    public Instant repliedAt;

    @Column(name = "created_at")
    public Instant createdAt;
}
