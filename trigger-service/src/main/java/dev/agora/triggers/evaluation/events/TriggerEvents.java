package dev.agora.triggers.evaluation.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The events trigger-service publishes on {@code triggers.v1} (record key: the trigger id). */
public final class TriggerEvents {
    public static final String FIRED = "agora.trigger.fired.v1";

    private TriggerEvents() {
    }

    /**
     * A trigger's conditions held on an event. {@code eventSource}: {@code chain} or {@code platform}; {@code groupKey}:
     * the agent id when the trigger groups by agent, else empty.
     */
    @RegisterForReflection
    public record Fired(UUID firingId, UUID triggerId, UUID ownerId, String eventId, String eventSource, String eventType,
            String agentId, String groupKey, List<String> matchedConditions, Instant firedAt) {
    }
}
