package dev.agora.agents.agent.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.agora.agents.agent.repository.Agent;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The whole agent as every event of {@code agents.v1} carries it, so projections never call back.
 * {@code version} grows with every change: a projection keeps the snapshot with the highest version.
 * Also the API's representation of an agent.
 */
@RegisterForReflection
public record AgentSnapshot(
        UUID id,
        UUID ownerId,
        String name,
        String description,
        String subdomain,
        String repoOwner,
        String repoName,
        String githubUrl,
        String agentAddress,
        Long appId,
        long priceMicroalgo,
        String status,
        String runtimeStatus,
        String category,
        List<String> tags,
        List<String> organizationSlugs,
        String dataInput,
        String exampleInput,
        String exampleOutput,
        long version,
        Instant createdAt,
        Instant updatedAt) {

    public static AgentSnapshot of(Agent agent) {
        return new AgentSnapshot(agent.id, agent.ownerId, agent.name, agent.description, agent.subdomain,
                agent.repoOwner, agent.repoName, agent.githubUrl, agent.agentAddress, agent.appId, agent.priceMicroalgo,
                agent.status, agent.runtimeStatus, agent.category, agent.tags == null ? List.of() : List.of(agent.tags),
                agent.organizationSlugs == null ? List.of() : List.of(agent.organizationSlugs),
                agent.dataInput, agent.exampleInput, agent.exampleOutput, agent.version, agent.createdAt, agent.updatedAt);
    }
}
