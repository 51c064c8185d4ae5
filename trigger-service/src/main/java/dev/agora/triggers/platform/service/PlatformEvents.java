package dev.agora.triggers.platform.service;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agora.triggers.engine.EngineEvent;

/** How platform events (CloudEvents on the Agora topics) reach the engine, and which of them everyone may see. */
public final class PlatformEvents {
    /** Types any trigger may match whoever the agent belongs to. */
    public static final Set<String> PUBLIC_TYPES = Set.of("agora.agent.published.v1", "agora.review.submitted.v1",
            "agora.leaderboard.rank-changed.v1");

    private PlatformEvents() {
    }

    /** The agent the event is about is its {@code agentId} field (null for events about no agent). */
    public static EngineEvent engineEvent(String id, String type, long timeMillis, JsonNode data) {
        JsonNode agent = data.path("agentId");
        String agentId = agent.isMissingNode() || agent.isNull() || agent.isContainerNode() ? null : agent.asText();
        return new EngineEvent(id, type, agentId, timeMillis, data);
    }

    public static boolean isPublic(String type) {
        return PUBLIC_TYPES.contains(type);
    }
}
