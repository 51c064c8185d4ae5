package dev.agora.agents.agent.rest;

import jakarta.validation.constraints.NotNull;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
public record VerifyRequest(@NotNull Boolean verified) {
}
