package dev.agora.agents.agent.service;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.agents.agent.events.AgentSnapshot;
import dev.agora.agents.agent.events.AgentView;
import dev.agora.agents.agent.repository.Agent;

/** Agents as responses show them: endpoint secrets and the LLM key masked, the token never (only whether one exists). */
@ApplicationScoped
public class AgentViews {
    private final EndpointSecrets secrets;

    public AgentViews(EndpointSecrets secrets) {
        this.secrets = secrets;
    }

    public AgentView of(Agent agent) {
        return new AgentView(AgentSnapshot.of(agent), agent.context, secrets.maskLlmConfig(agent.llmConfig), secrets.mask(agent.endpoint),
                agent.config, agent.tokenHash != null, agent.tokenRotatedAt);
    }
}
