package dev.agora.agents.run.model;

import java.time.Instant;
import java.util.UUID;

import dev.agora.agents.run.repository.TaskRun;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The work of a hired task at the agent, as its owner sees it: how it is sent (and whether the agent notifies about
 * it, so it is asked only every push-follow-interval), where it stands, its attempts and the last error. The task
 * itself (its result, thread and money) is the marketplace's.
 */
@RegisterForReflection
public record TaskRunView(UUID taskId, UUID agentId, UUID hirerId, String title, String transport,
        boolean pushNotifications, String status, int attempts, String remoteTaskId, String lastError, Instant nextAttemptAt, Instant dispatchedAt,
        Instant lastActivityAt, Instant finishedAt, int silenceTimeoutSeconds, Instant createdAt, Instant updatedAt) {

    public static TaskRunView of(TaskRun run) {
        return new TaskRunView(run.taskId, run.agentId, run.hirerId, run.title, run.transport, run.pushNotifications,
                run.status, run.attempts,
                run.remoteTaskId, run.lastError, run.nextAttemptAt, run.dispatchedAt, run.lastActivityAt,
                run.finishedAt, run.silenceTimeoutSeconds, run.createdAt, run.updatedAt);
    }
}
