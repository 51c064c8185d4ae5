package dev.agora.agents.agent.events;

import java.util.List;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The events agent-service publishes on {@code agents.v1} (key = agent id). Schemas: {@code contracts/agents.v1/}. */
public final class AgentEvents {
    public static final String REGISTERED = "agora.agent.registered.v1";
    public static final String UPDATED = "agora.agent.updated.v1";
    public static final String STATUS_CHANGED = "agora.agent.status-changed.v1";
    public static final String DELETED = "agora.agent.deleted.v1";

    private AgentEvents() {
    }

    @RegisterForReflection
    public record Registered(UUID agentId, UUID ownerId, AgentSnapshot agent) {
    }

    @RegisterForReflection
    public record Updated(UUID agentId, UUID ownerId, List<String> changedFields, AgentSnapshot agent) {
    }

    @RegisterForReflection
    public record StatusChanged(UUID agentId, UUID ownerId, String name, String oldStatus, String newStatus,
            AgentSnapshot agent) {
    }

    @RegisterForReflection
    public record Deleted(UUID agentId, UUID ownerId, AgentSnapshot agent) {
    }
}
