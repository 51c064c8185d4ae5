package dev.agora.agents.agent.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agora.agents.agent.repository.Agent;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The whole agent as every event of {@code agents.v1} carries it, so projections never call back.
 * {@code version} grows with every change: a projection keeps the snapshot with the highest version.
 * Endpoint secrets, the LLM configuration, the prompt and {@code config} are not part of it (see AgentView).
 * {@code priceMicroalgo} is the original price field; {@code pricing} is the general one (they agree when its asset is
 * microALGO).
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
        Instant updatedAt,
        String slug,
        String tagline,
        String avatarUrl,
        String coverImageUrl,
        String type,
        String department,
        String publicationStatus,
        String publishedVersion,
        Instant publishedAt,
        String availability,
        boolean verified,
        JsonNode domains,
        JsonNode skills,
        Pricing pricing,
        List<String> capabilities,
        JsonNode metadata,
        JsonNode deploymentConfig,
        String deploymentUrl,
        OnChain onChain,
        JsonNode ioSchema) {

    @RegisterForReflection
    public record Pricing(long amount, String asset, Long hourlyRate, Long subscriptionMonthly) {
    }

    @RegisterForReflection
    public record OnChain(String chain, Long chainId, String address, Long appId, String erc8004AgentId) {
    }

    public static AgentSnapshot of(Agent agent) {
        return of(agent, agent.version);
    }

    /** With a chosen version: the snapshot a flush is about to store (the version grows at the flush). */
    public static AgentSnapshot of(Agent agent, long version) {
        return new AgentSnapshot(agent.id, agent.ownerId, agent.name, agent.description, agent.subdomain,
                agent.repoOwner, agent.repoName, agent.githubUrl, agent.agentAddress, agent.appId, agent.priceMicroalgo,
                agent.status, agent.runtimeStatus, agent.category, list(agent.tags), list(agent.organizationSlugs),
                agent.dataInput, agent.exampleInput, agent.exampleOutput, version, agent.createdAt, agent.updatedAt,
                agent.slug, agent.tagline, agent.avatarUrl, agent.coverImageUrl, agent.type, agent.department,
                agent.publicationStatus, agent.publishedVersion, agent.publishedAt, agent.availability, agent.verified,
                agent.domains, agent.skills,
                new Pricing(agent.pricingAmount, agent.pricingAsset, agent.hourlyRate, agent.subscriptionMonthly),
                list(agent.capabilities), agent.metadata, agent.deploymentConfig, agent.deploymentUrl,
                agent.chain == null ? null
                        : new OnChain(agent.chain, agent.chainId, agent.chainAddress, agent.appId, agent.erc8004AgentId),
                agent.ioSchema);
    }

    private static List<String> list(String[] values) {
        return values == null ? List.of() : List.of(values);
    }
}
