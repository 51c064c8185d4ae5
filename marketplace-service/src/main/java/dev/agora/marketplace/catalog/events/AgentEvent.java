package dev.agora.marketplace.catalog.events;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The body of every {@code agents.v1} event as this service reads it: the fields it needs, tolerant of
 * fields it does not know. {@code name}, {@code oldStatus} and {@code newStatus} come only with
 * {@code agora.agent.status-changed.v1}.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record AgentEvent(UUID agentId, UUID ownerId, String name, String oldStatus, String newStatus, Snapshot agent) {

    public static final String REGISTERED = "agora.agent.registered.v1";
    public static final String UPDATED = "agora.agent.updated.v1";
    public static final String STATUS_CHANGED = "agora.agent.status-changed.v1";
    public static final String DELETED = "agora.agent.deleted.v1";
    public static final Set<String> TYPES = Set.of(REGISTERED, UPDATED, STATUS_CHANGED, DELETED);

    /** The whole agent after the change; {@code version} grows with every change of the agent. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Snapshot(
            UUID id,
            UUID ownerId,
            String name,
            String description,
            String subdomain,
            String repoOwner,
            Long priceMicroalgo,
            String status,
            String runtimeStatus,
            String category,
            List<String> tags,
            Long version,
            Instant createdAt,
            Instant updatedAt) {
    }
}
