package dev.agora.gateway.org.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** An organization: a slug that never changes, a name, and free-form settings (theme, features, limits). */
@Entity
@Table(name = "organizations")
public class Organization {
    @Id
    public UUID id;

    public String slug;

    public String name;

    public String description;

    public String url;

    @JdbcTypeCode(SqlTypes.JSON)
    public ObjectNode settings;

    @Column(name = "created_by")
    public UUID createdBy;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
