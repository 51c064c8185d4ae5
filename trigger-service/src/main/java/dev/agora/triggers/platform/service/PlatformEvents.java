package dev.agora.triggers.platform.service;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agora.triggers.engine.EngineEvent;

/** How platform events (CloudEvents on the Agora topics) reach the engine. */
public final class PlatformEvents {
    private PlatformEvents() {
    }

    /** The agent the event is about is its {@code agentId} field (null for events about no agent). */
    public static EngineEvent engineEvent(String id, String type, long timeMillis, JsonNode data) {
        JsonNode agent = data.path("agentId");
        String agentId = agent.isMissingNode() || agent.isNull() || agent.isContainerNode() ? null : agent.asText();
        return new EngineEvent(id, type, agentId, timeMillis, data);
    }
}
