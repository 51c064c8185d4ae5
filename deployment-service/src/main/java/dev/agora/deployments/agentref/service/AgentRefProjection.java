package dev.agora.deployments.agentref.service;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.common.events.IncomingEvent;
import dev.agora.deployments.agentref.events.AgentEvents;
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

    private final AgentRefRepository refs;
    private final KnownAgentRepository agents;
    private final DeploymentService deployments;

    public AgentRefProjection(AgentRefRepository refs, KnownAgentRepository agents, DeploymentService deployments) {
        this.refs = refs;
        this.agents = agents;
        this.deployments = deployments;
    }

    public Uni<Void> apply(IncomingEvent event) {
        AgentRef ref = AgentEvents.agentRef(event);
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
}
