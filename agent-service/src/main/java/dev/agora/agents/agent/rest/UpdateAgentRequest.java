package dev.agora.agents.agent.rest;

import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Partial update: a field left out (or null) keeps its value. */
@RegisterForReflection
public record UpdateAgentRequest(
        @Size(min = 1, max = 255) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
        @Size(max = 10_000) String description,
        @Size(max = 100) @Pattern(regexp = AgentFormats.SUBDOMAIN, message = AgentFormats.SUBDOMAIN_MESSAGE) String subdomain,
        @Pattern(regexp = AgentFormats.GITHUB_OWNER, message = AgentFormats.GITHUB_OWNER_MESSAGE) String repoOwner,
        @Pattern(regexp = AgentFormats.GITHUB_REPO, message = AgentFormats.GITHUB_REPO_MESSAGE) String repoName,
        @Size(max = 500) String githubUrl,
        @Size(max = 100) String category,
        @Size(max = 20) List<@NotNull @Pattern(regexp = AgentFormats.TAG, message = AgentFormats.TAG_MESSAGE) String> tags,
        @PositiveOrZero Long priceMicroalgo,
        @Pattern(regexp = AgentFormats.ALGORAND_ADDRESS, message = AgentFormats.ALGORAND_ADDRESS_MESSAGE) String agentAddress,
        @PositiveOrZero Long appId,
        @Size(max = 100_000) String dataInput,
        @Size(max = 100_000) String exampleInput,
        @Size(max = 100_000) String exampleOutput,
        @Size(max = AgentFormats.MAX_ORGS) List<@NotNull @Size(max = 100) @Pattern(regexp = AgentFormats.ORG_SLUG,
                message = AgentFormats.ORG_SLUG_MESSAGE) String> organizationSlugs) {
}
