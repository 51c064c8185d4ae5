package dev.agora.agents.agent.events;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An agent as the API shows it to those who may see it: the event snapshot plus what stays out of events
 * (the prompt, the LLM configuration, the endpoint with its secrets masked, {@code config}) and whether an access
 * token exists. Never the token or its hash.
 */
@RegisterForReflection
public record AgentView(
        @JsonUnwrapped AgentSnapshot agent,
        String context,
        JsonNode llmConfig,
        JsonNode endpoint,
        JsonNode config,
        boolean hasToken,
        Instant tokenRotatedAt) {
}
