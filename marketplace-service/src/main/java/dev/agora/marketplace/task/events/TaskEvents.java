package dev.agora.marketplace.task.events;

import java.util.UUID;

import dev.agora.common.events.Audience;
import dev.agora.marketplace.task.model.TaskView;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The {@code marketplace.v1} events about tasks (key: the agent id). */
public final class TaskEvents {
    public static final String CREATED = "agora.task.created.v1";
    /**
     * The {@code actorId} of a move the platform made, not a user (a task failed because its due date passed): the
     * nil UUID, which names no user.
     */
    public static final UUID PLATFORM_ACTOR = new UUID(0, 0);

    private TaskEvents() {
    }

    /**
     * Every task event: the ids of the agent and of both parties, who acted ({@code actorId}) and the task after
     * the change.
     */
    @RegisterForReflection
    public record TaskEvent(UUID taskId, UUID agentId, UUID hirerId, UUID ownerId, UUID actorId, TaskView task) {
        public static TaskEvent of(TaskView task, UUID actorId) {
            return new TaskEvent(task.id(), task.agentId(), task.hirerId(), task.ownerId(), actorId, task);
        }
    }

    /** A task is seen by its two parties only: the hirer and the agent's owner. */
    public static Audience audience(TaskView task) {
        return Audience.users(task.hirerId(), task.ownerId());
    }
}
