package dev.agora.marketplace.task.model;

import java.time.Instant;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The agent's run of a task: when the work first reached the agent ({@code dispatchedAt}, null until then), the
 * highest dispatch attempt seen ({@code attempts}, 0 before any), and the trail of what happened, oldest first (the
 * latest {@value #MAX_STEPS} steps).
 */
@RegisterForReflection
public record TaskExecutionView(Instant dispatchedAt, int attempts, List<TaskStepView> steps) {
    /** A task shows at most this many of its latest steps. */
    public static final int MAX_STEPS = 200;
}
