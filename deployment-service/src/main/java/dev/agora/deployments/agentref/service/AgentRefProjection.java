package dev.agora.deployments.agentref.service;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.common.events.IncomingEvent;
import dev.agora.deployments.agentref.events.AgentEvents;
import dev.agora.deployments.agentref.repository.AgentRef;
import dev.agora.deployments.agentref.repository.AgentRefRepository;
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
        boolean deleted = AgentEvents.DELETED.equals(event.type());
        Uni<Integer> applied = refs.upsertIfNewer(deleted ? ref.asDeleted() : ref);
        if (deleted) {
            // a deletion is final, whatever the version of the snapshot it carries
            applied = applied.chain(() -> refs.markDeleted(ref.agentId()));
        }
        String tokenHash = AgentEvents.tokenHash(event);
        if (tokenHash != null) {
            applied = applied.chain(() -> refs.storeTokenHash(ref.agentId(), tokenHash, ref.version()));
        }
        return applied.replaceWithVoid();
    }
}
