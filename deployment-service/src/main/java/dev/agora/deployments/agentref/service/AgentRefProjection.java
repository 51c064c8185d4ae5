package dev.agora.deployments.agentref.service;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.common.events.IncomingEvent;
import dev.agora.common.reconciliation.ProjectionRepair;
import dev.agora.common.reconciliation.ProjectionRepairs;
import dev.agora.deployments.agentref.model.AgentEvents;
import dev.agora.deployments.agentref.repository.AgentRef;
import dev.agora.deployments.agentref.repository.AgentRefRepository;
import dev.agora.deployments.agentref.repository.KnownAgentRepository;
import dev.agora.deployments.deployment.service.DeploymentService;
import io.smallrye.mutiny.Uni;

/**
 * Applies an {@code agents.v1} event of one of the {@link AgentEvents#APPLIED} types to {@code agent_refs}, inside
 * the idempotent consumer's transaction, and what follows for the agent's deployments in the same transaction: a
 * deletion stops and cancels them, a newer snapshot with deployment-relevant changes may redeploy the agent.
 * The snapshot with the highest version wins, so redelivered or late, older events change nothing.
 */
@ApplicationScoped
public class AgentRefProjection {
    /** The snapshot fields whose change makes a running agent out of date. */
    public static final Set<String> DEPLOYMENT_RELEVANT = Set.of("deploymentConfig", "repoOwner", "repoName",
            "githubUrl", "subdomain");

    /** The projection's name in repairs and metrics. */
    public static final String PROJECTION = "agent_refs";

    private final AgentRefRepository refs;
    private final KnownAgentRepository agents;
    private final DeploymentService deployments;
    private final ProjectionRepairs repairs;

    public AgentRefProjection(AgentRefRepository refs, KnownAgentRepository agents, DeploymentService deployments,
            ProjectionRepairs repairs) {
        this.refs = refs;
        this.agents = agents;
        this.deployments = deployments;
        this.repairs = repairs;
    }

    public Uni<Void> apply(IncomingEvent event) {
        AgentRef ref = AgentEvents.agentRef(event);
        if (AgentEvents.SNAPSHOT.equals(event.type())) {
            return reconcile(event, ref);
        }
        boolean deleted = AgentEvents.DELETED.equals(event.type());
        Uni<Integer> applied = refs.upsertIfNewer(deleted ? ref.asDeleted() : ref);
        if (deleted) {
            // a deletion is final, whatever the version of the snapshot it carries
            applied = applied.call(() -> refs.markDeleted(ref.agentId()))
                    .call(() -> deployments.onAgentDeleted(ref.agentId()));
        }
        String tokenHash = AgentEvents.tokenHash(event);
        if (tokenHash != null) {
            applied = applied.call(() -> refs.storeTokenHash(ref.agentId(), tokenHash, ref.version()));
        }
        if (AgentEvents.UPDATED.equals(event.type())) {
            List<String> relevant = AgentEvents.changedFields(event).stream().filter(DEPLOYMENT_RELEVANT::contains).toList();
            applied = applied.call(rows -> rows == 0 || relevant.isEmpty() ? Uni.createFrom().voidItem()
                    : agents.findById(ref.agentId()).chain(agent -> deployments.onConfigChanged(agent, relevant)));
        }
        return applied.replaceWithVoid();
    }

    /**
     * A snapshot sent for reconciliation: a row that differs from it (or is missing) is repaired from it and the
     * repair recorded; an agent found deleted only now has its deployments stopped, as its deletion would have.
     * A configuration found changed does not redeploy: its owner decides when.
     */
    private Uni<Void> reconcile(IncomingEvent event, AgentRef ref) {
        String tokenHash = AgentEvents.tokenHash(event);
        return refs.differences(ref, tokenHash).chain(fields -> {
            if (fields.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            Uni<Void> repaired = refs.replace(ref, tokenHash)
                    .call(() -> repairs.record(PROJECTION, ref.agentId().toString(), fields, event.id()));
            if (AgentRef.DELETED.equals(ref.status())
                    && (fields.contains("status") || fields.contains(ProjectionRepair.MISSING))) {
                repaired = repaired.call(() -> deployments.onAgentDeleted(ref.agentId()));
            }
            return repaired;
        });
    }
}
