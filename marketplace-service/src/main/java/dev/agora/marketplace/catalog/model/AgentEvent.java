package dev.agora.marketplace.catalog.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import dev.agora.common.events.IncomingEvent;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The body of every {@code agents.v1} event as this service reads it: the fields it needs, tolerant of
 * fields it does not know. {@code name}, {@code oldStatus} and {@code newStatus} come only with
 * {@code agora.agent.status-changed.v1}; {@code published} is the frozen snapshot of the agent's latest
 * published version (null when never published or archived, absent in events older than publication).
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record AgentEvent(UUID agentId, UUID ownerId, String name, String oldStatus, String newStatus, Snapshot agent,
        Snapshot published) {

    public static final String REGISTERED = "agora.agent.registered.v1";
    public static final String UPDATED = "agora.agent.updated.v1";
    public static final String STATUS_CHANGED = "agora.agent.status-changed.v1";
    public static final String PUBLISHED = "agora.agent.published.v1";
    public static final String ARCHIVED = "agora.agent.archived.v1";
    public static final String VERIFIED = "agora.agent.verified.v1";
    public static final String TOKEN_ROTATED = "agora.agent.token-rotated.v1";
    public static final String DELETED = "agora.agent.deleted.v1";
    public static final Set<String> TYPES = Set.of(REGISTERED, UPDATED, STATUS_CHANGED, PUBLISHED, ARCHIVED, VERIFIED,
            TOKEN_ROTATED, DELETED);
    /** The agent's current state sent again for reconciliation: compared with the catalog row, which it repairs. */
    public static final String SNAPSHOT = "agora.agent.snapshot.v1";

    /** The agent this event is about: its snapshot's id, or else the event's {@code agentId}. */
    public UUID subjectId() {
        return agent != null && agent.id() != null ? agent.id() : agentId;
    }

    /** {@link #subjectId()} read from an event's body before it is parsed; neither there is a poison event. */
    public static UUID subjectIdOf(IncomingEvent event) {
        return event.requiredUuid(event.text("agent.id") != null ? "agent.id" : "agentId");
    }

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
            Instant updatedAt,
            String slug,
            String tagline,
            String avatarUrl,
            String coverImageUrl,
            String type,
            String publicationStatus,
            String publishedVersion,
            Instant publishedAt,
            String availability,
            Boolean verified,
            List<Domain> domains,
            List<Skill> skills,
            Pricing pricing) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Domain(String slug, String name, Boolean primary, Integer proficiency) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Skill(String name, String category, String level, BigDecimal yearsExperience) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Pricing(Long amount, String asset, Long hourlyRate, Long subscriptionMonthly) {
    }
}
