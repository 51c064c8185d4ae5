package dev.agora.triggers.agentref.service;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.common.events.IncomingEvent;
import dev.agora.common.reconciliation.ProjectionRepairs;
import dev.agora.triggers.agentref.model.AgentEvents;
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
    /** The projection's name in repairs and metrics. */
    public static final String PROJECTION = "agent_refs";

    private final AgentRefRepository refs;
    private final ProjectionRepairs repairs;

    public AgentRefProjection(AgentRefRepository refs, ProjectionRepairs repairs) {
        this.refs = refs;
        this.repairs = repairs;
    }

    public Uni<Void> apply(IncomingEvent event) {
        AgentRef ref = AgentEvents.agentRef(event);
        if (AgentEvents.SNAPSHOT.equals(event.type())) {
            // sent for reconciliation: a row that differs (or is missing) is repaired from it, and the repair recorded
            return refs.differences(ref).chain(fields -> fields.isEmpty() ? Uni.createFrom().voidItem()
                    : refs.replace(ref).call(() -> repairs.record(PROJECTION, ref.agentId().toString(), fields,
                            event.id())));
        }
        if (!AgentEvents.DELETED.equals(event.type())) {
            return refs.upsertIfNewer(ref).replaceWithVoid();
        }
        // a deletion is final, whatever the version of the snapshot it carries
        return refs.upsertIfNewer(ref.asDeleted()).chain(() -> refs.markDeleted(ref.agentId())).replaceWithVoid();
    }
}
