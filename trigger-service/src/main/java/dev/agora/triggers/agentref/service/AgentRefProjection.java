package dev.agora.triggers.agentref.service;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.common.events.IncomingEvent;
import dev.agora.triggers.agentref.events.AgentEvents;
import dev.agora.triggers.agentref.repository.AgentRef;
import dev.agora.triggers.agentref.repository.AgentRefRepository;
import io.smallrye.mutiny.Uni;

/**
 * Applies an {@code agents.v1} event of one of the {@link AgentEvents#APPLIED} types to {@code agent_refs}, inside
 * the idempotent consumer's transaction.
 * The snapshot with the highest version wins, so redelivered or late, older events change nothing.
 */
@ApplicationScoped
public class AgentRefProjection {
    private final AgentRefRepository refs;

    public AgentRefProjection(AgentRefRepository refs) {
        this.refs = refs;
    }

    public Uni<Void> apply(IncomingEvent event) {
        AgentRef ref = AgentEvents.agentRef(event);
        if (!AgentEvents.DELETED.equals(event.type())) {
            return refs.upsertIfNewer(ref).replaceWithVoid();
        }
        // a deletion is final, whatever the version of the snapshot it carries
        return refs.upsertIfNewer(ref.asDeleted()).chain(() -> refs.markDeleted(ref.agentId())).replaceWithVoid();
    }
}
