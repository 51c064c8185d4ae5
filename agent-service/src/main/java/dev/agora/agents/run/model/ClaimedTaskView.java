package dev.agora.agents.run.model;

import java.time.Instant;
import java.util.UUID;

import dev.agora.agents.run.repository.TaskRun;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A task a deployed agent claimed: the work (title, description, type; {@code answer}: the hirer's answer to the
 * agent's question, when that is what it is sent again for) and the lease it holds until {@code leaseExpiresAt}
 * (extended by heartbeats and reports; when it lapses, the task is put back).
 */
@RegisterForReflection
public record ClaimedTaskView(UUID taskId, UUID agentId, String title, String description, String taskType,
        String answer, int attempt, UUID leaseToken, Instant leaseExpiresAt) {

    public static ClaimedTaskView of(TaskRun run) {
        return new ClaimedTaskView(run.taskId, run.agentId, run.title, run.description, run.taskType, run.pendingAnswer,
                run.attempt(), run.leaseToken, run.leaseUntil);
    }
}
