package dev.agora.agents.agent.events;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The events agent-service publishes on {@code agents.v1} (key = agent id). Schemas: {@code contracts/agents.v1/}.
 * Every event carries {@code published}: the frozen snapshot of the agent's latest published version, or null when
 * it was never published or is archived.
 */
public final class AgentEvents {
    public static final String REGISTERED = "agora.agent.registered.v1";
    public static final String UPDATED = "agora.agent.updated.v1";
    public static final String STATUS_CHANGED = "agora.agent.status-changed.v1";
    public static final String PUBLISHED = "agora.agent.published.v1";
    public static final String ARCHIVED = "agora.agent.archived.v1";
    public static final String DELETED = "agora.agent.deleted.v1";
    public static final String TOKEN_ROTATED = "agora.agent.token-rotated.v1";
    public static final String VERIFIED = "agora.agent.verified.v1";
    /** The current state again, on request, for projections to compare and repair: nothing happened to the agent. */
    public static final String SNAPSHOT = "agora.agent.snapshot.v1";

    private AgentEvents() {
    }

    @RegisterForReflection
    public record Registered(UUID agentId, UUID ownerId, AgentSnapshot agent, JsonNode published) {
    }

    @RegisterForReflection
    public record Updated(UUID agentId, UUID ownerId, List<String> changedFields, AgentSnapshot agent, JsonNode published) {
    }

    @RegisterForReflection
    public record StatusChanged(UUID agentId, UUID ownerId, String name, String oldStatus, String newStatus,
            AgentSnapshot agent, JsonNode published) {
    }

    /** Public: {@code agent} and {@code published} hold only the snapshots' public fields ({@link AgentPublicView}). */
    @RegisterForReflection
    public record Published(UUID agentId, String publishedVersion, String changes, JsonNode agent, JsonNode published) {
    }

    @RegisterForReflection
    public record Archived(UUID agentId, UUID ownerId, String archivedVersion, AgentSnapshot agent, JsonNode published) {
    }

    @RegisterForReflection
    public record Deleted(UUID agentId, UUID ownerId, AgentSnapshot agent, JsonNode published) {
    }

    /** {@code tokenHash}: lowercase hex SHA-256 of the UTF-8 token, so a runtime presenting it can be recognised. */
    @RegisterForReflection
    public record TokenRotated(UUID agentId, UUID ownerId, String tokenHash, AgentSnapshot agent, JsonNode published) {
    }

    /** {@code tokenHash}: the current token's hash, null when the agent has none. */
    @RegisterForReflection
    public record Snapshot(UUID agentId, UUID ownerId, String tokenHash, AgentSnapshot agent, JsonNode published) {
    }

    @RegisterForReflection
    public record Verified(UUID agentId, UUID ownerId, boolean verified, AgentSnapshot agent, JsonNode published) {
    }
}
