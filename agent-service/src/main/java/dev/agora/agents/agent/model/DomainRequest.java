package dev.agora.agents.agent.model;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A domain of expertise: one of {@code GET /api/agents/domains}, proficiency 1–5 (default 3). */
@RegisterForReflection
public record DomainRequest(@NotBlank String slug, Boolean primary, @Min(1) @Max(5) Integer proficiency) {
}
