package dev.agora.agents.agent.model;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

import dev.agora.agents.agent.model.AgentFormats;

/**
 * A new agent. Without {@code type} it is an {@code api} agent; an api agent with a repository needs no
 * {@code endpoint} (it is reached at its deployment). JSON fields ({@code llmConfig}, {@code endpoint},
 * {@code ioSchema}, {@code config}, ...) are checked by the service.
 */
@RegisterForReflection
public record CreateAgentRequest(
        @NotBlank @Size(max = 255) String name,
        @Size(max = 10_000) String description,
        @NotBlank @Size(max = 100) @Pattern(regexp = AgentFormats.SUBDOMAIN, message = AgentFormats.SUBDOMAIN_MESSAGE) String subdomain,
        @Pattern(regexp = AgentFormats.GITHUB_OWNER, message = AgentFormats.GITHUB_OWNER_MESSAGE) String repoOwner,
        @Pattern(regexp = AgentFormats.GITHUB_REPO, message = AgentFormats.GITHUB_REPO_MESSAGE) String repoName,
        @Size(max = 500) String githubUrl,
        @Size(max = 100) String category,
        @Size(max = 20) List<@NotNull @Pattern(regexp = AgentFormats.TAG, message = AgentFormats.TAG_MESSAGE) String> tags,
        @PositiveOrZero Long priceMicroalgo,
        @Pattern(regexp = AgentFormats.ALGORAND_ADDRESS, message = AgentFormats.ALGORAND_ADDRESS_MESSAGE) String agentAddress,
        @PositiveOrZero Long appId,
        @Size(max = 100_000) String dataInput,
        JsonNode exampleInput,
        JsonNode exampleOutput,
        @Size(max = AgentFormats.MAX_ORGS) List<@NotNull @Size(max = 100) @Pattern(regexp = AgentFormats.ORG_SLUG,
                message = AgentFormats.ORG_SLUG_MESSAGE) String> organizationSlugs,
        @Pattern(regexp = AgentFormats.SLUG, message = AgentFormats.SLUG_MESSAGE) String slug,
        @Size(max = 200) String tagline,
        @Size(max = 2000) @Pattern(regexp = AgentFormats.HTTP_URL, message = AgentFormats.HTTP_URL_MESSAGE) String avatarUrl,
        @Size(max = 2000) @Pattern(regexp = AgentFormats.HTTP_URL, message = AgentFormats.HTTP_URL_MESSAGE) String coverImageUrl,
        @Pattern(regexp = AgentFormats.TYPE, message = AgentFormats.TYPE_MESSAGE) String type,
        @Size(max = 100) String department,
        @Size(max = 100_000) String context,
        JsonNode llmConfig,
        JsonNode endpoint,
        JsonNode ioSchema,
        @Size(max = 50) List<@NotNull @Pattern(regexp = AgentFormats.CAPABILITY, message = AgentFormats.CAPABILITY_MESSAGE) String> capabilities,
        JsonNode config,
        JsonNode deploymentConfig,
        JsonNode metadata,
        @Valid PricingRequest pricing,
        @Valid OnChainRequest onChain,
        @Pattern(regexp = AgentFormats.AVAILABILITY, message = AgentFormats.AVAILABILITY_MESSAGE) String availability,
        @Size(max = 10) List<@NotNull @Valid DomainRequest> domains,
        @Size(max = 50) List<@NotNull @Valid SkillRequest> skills) {
}
