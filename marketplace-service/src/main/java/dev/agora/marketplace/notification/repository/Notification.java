package dev.agora.marketplace.notification.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import com.fasterxml.jackson.databind.JsonNode;

/** An in-app notification for one user. */
@Entity
@Table(name = "notifications")
public class Notification {
    @Id
    public UUID id;

    @Column(name = "user_id")
    public UUID userId;

    public String type;
    public String title;
    public String message;

    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode data;

    public String priority;

    @Column(name = "read_at")
    public Instant readAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "created_at")
    public Instant createdAt;
}
