package dev.agora.agents.agent.rest;

import jakarta.validation.constraints.NotBlank;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
public record ChangeStatusRequest(@NotBlank String status) {
}
