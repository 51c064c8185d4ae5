package dev.agora.deployments.agentref.model;

import java.util.Set;

import dev.agora.common.events.IncomingEvent;
import dev.agora.deployments.agentref.repository.AgentRef;

/**
 * The events of {@code agents.v1} that deployment-service applies, and how it reads them. Each carries
 * {@code agentId}, {@code ownerId} and the whole {@code agent} snapshot with its {@code version}.
 */
public final class AgentEvents {
    public static final String REGISTERED = "agora.agent.registered.v1";
    public static final String UPDATED = "agora.agent.updated.v1";
    public static final String STATUS_CHANGED = "agora.agent.status-changed.v1";
    public static final String DELETED = "agora.agent.deleted.v1";
    public static final String TOKEN_ROTATED = "agora.agent.token-rotated.v1";

    /** The agent's current state sent again for reconciliation: compared with its row, which it repairs. */
    public static final String SNAPSHOT = "agora.agent.snapshot.v1";

    /** The types applied; others on the topic (other aggregates, newer event types) are acknowledged and ignored. */
    public static final Set<String> APPLIED = Set.of(REGISTERED, UPDATED, STATUS_CHANGED, DELETED, TOKEN_ROTATED,
            SNAPSHOT);

    private AgentEvents() {
    }

    /** The event's agent snapshot, as {@code agent_refs} keeps it; a malformed one can never apply. */
    public static AgentRef agentRef(IncomingEvent event) {
        event.requiredObject("agent");
        long version = event.requiredLong("agent.version");
        String status = event.requiredText("agent.status");
        // repoOwner/repoName may be null (agents without a repository); deploymentConfig is optional
        return new AgentRef(event.requiredUuid("agentId"), event.requiredUuid("ownerId"),
                event.strings("agent.organizationSlugs"), event.text("agent.subdomain"), event.text("agent.repoOwner"),
                event.text("agent.repoName"), status, event.data().path("agent").path("deploymentConfig"), version);
    }

    /** The snapshot fields an {@code updated} event names as changed ({@code changedFields}). */
    public static java.util.List<String> changedFields(IncomingEvent event) {
        return event.strings("changedFields");
    }

    /** The SHA-256 of the agent's new runtime token, when the event carries one ({@code tokenHash}). */
    public static String tokenHash(IncomingEvent event) {
        return event.text("tokenHash");
    }
}
