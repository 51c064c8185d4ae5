package dev.agora.marketplace.task.service;

import java.util.Set;

/** The kinds of steps of a task's execution trail. */
public final class TaskStepKinds {
    /** A retried dispatch attempt, reported by the dispatcher rather than by the agent. */
    public static final String ATTEMPT = "attempt";
    /** The kinds a progress report ({@code agora.task-run.progressed.v1}) may carry. */
    public static final Set<String> PROGRESS = Set.of("status", "thought", "output", ATTEMPT);

    private TaskStepKinds() {
    }
}
