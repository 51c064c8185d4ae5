package dev.agora.agents.agent.rest;

import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code version}: MAJOR.MINOR.PATCH above the last published one (default: the next minor, first 1.0.0). */
@RegisterForReflection
public record PublishRequest(@Size(max = 50) String version, @Size(max = 10_000) String changes) {
}
