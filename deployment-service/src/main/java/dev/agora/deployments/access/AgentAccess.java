package dev.agora.deployments.access;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.common.problem.ProblemException;
import dev.agora.deployments.agentref.repository.KnownAgent;
import dev.agora.deployments.agentref.repository.KnownAgentRepository;
import io.smallrye.mutiny.Uni;

/** Looks an agent up in {@code agent_refs} and applies {@link Caller}'s rules: 404 unseen, 403 read-only. */
@ApplicationScoped
public class AgentAccess {
    private final KnownAgentRepository agents;

    public AgentAccess(KnownAgentRepository agents) {
        this.agents = agents;
    }

    /** An agent the caller may read (deleted ones too: their history stays readable to those who had it). */
    public Uni<KnownAgent> readable(Caller caller, UUID agentId) {
        return agents.findById(agentId).map(agent -> {
            if (agent == null || !caller.canRead(agent)) {
                throw ProblemException.notFound("agent " + agentId);
            }
            return agent;
        });
    }

    /** An agent the caller may deploy, cancel and stop. */
    public Uni<KnownAgent> manageable(Caller caller, UUID agentId) {
        return readable(caller, agentId).invoke(agent -> {
            if (!caller.canManage(agent)) {
                throw ProblemException.forbidden("you may read agent " + agentId + " but not deploy it: only its owner"
                        + " and the admins and agent managers of its organizations may");
            }
        });
    }
}
