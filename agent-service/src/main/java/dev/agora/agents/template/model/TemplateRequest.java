package dev.agora.agents.template.model;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A template: {@code defaultConfig} holds fields of {@code POST /api/agents} (a JSON object). */
@RegisterForReflection
public record TemplateRequest(
        @NotBlank @Size(max = 255) String name,
        @Size(max = 10_000) String description,
        @NotNull @Pattern(regexp = "^(context|api|external)$", message = "must be one of context, api, external") String type,
        JsonNode defaultConfig,
        Boolean isPublic) {
}
