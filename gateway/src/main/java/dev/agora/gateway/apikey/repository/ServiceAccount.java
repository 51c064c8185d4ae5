package dev.agora.gateway.apikey.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A machine principal ({@code ingestor} or {@code payments}) that authenticates with API keys only. */
@Entity
@Table(name = "service_accounts")
public class ServiceAccount {
    @Id
    public UUID id;

    public String name;

    public String role;

    @Column(name = "created_by")
    public UUID createdBy;

    @Column(name = "created_at")
    public Instant createdAt;
}
