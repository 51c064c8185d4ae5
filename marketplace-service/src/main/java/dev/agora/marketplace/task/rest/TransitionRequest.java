package dev.agora.marketplace.task.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Optional body of a state change: why a task failed or was cancelled. */
@RegisterForReflection
public record TransitionRequest(String reason) {
}
