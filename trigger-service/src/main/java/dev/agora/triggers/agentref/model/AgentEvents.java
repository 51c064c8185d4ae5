package dev.agora.triggers.agentref.model;

import java.util.Set;

import dev.agora.common.events.IncomingEvent;
import dev.agora.triggers.agentref.repository.AgentRef;

/**
 * The events of {@code agents.v1} that trigger-service applies, and how it reads them. Each carries
 * {@code agentId}, {@code ownerId} and the whole {@code agent} snapshot with its {@code version}.
 */
public final class AgentEvents {
    public static final String REGISTERED = "agora.agent.registered.v1";
    public static final String UPDATED = "agora.agent.updated.v1";
    public static final String STATUS_CHANGED = "agora.agent.status-changed.v1";
    public static final String DELETED = "agora.agent.deleted.v1";

    /** The agent's current state sent again for reconciliation: compared with its row, which it repairs. */
    public static final String SNAPSHOT = "agora.agent.snapshot.v1";

    /** The types applied; others on the topic (other aggregates, newer event types) are acknowledged and ignored. */
    public static final Set<String> APPLIED = Set.of(REGISTERED, UPDATED, STATUS_CHANGED, DELETED, SNAPSHOT);

    private AgentEvents() {
    }

    /** The event's agent snapshot, as {@code agent_refs} keeps it; a malformed one can never apply. */
    public static AgentRef agentRef(IncomingEvent event) {
        event.requiredObject("agent");
        long version = event.requiredLong("agent.version");
        String status = event.requiredText("agent.status");
        // organizationSlugs arrives with a later agent-service issue: until then, none
        return new AgentRef(event.requiredUuid("agentId"), event.requiredUuid("ownerId"),
                event.strings("agent.organizationSlugs"), event.text("agent.name"), status, version);
    }
}
