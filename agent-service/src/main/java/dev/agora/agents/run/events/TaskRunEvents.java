package dev.agora.agents.run.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agora.agents.run.repository.TaskRun;
import dev.agora.common.events.Audience;
import dev.agora.common.events.Topics;
import dev.agora.common.outbox.OutboxWriter;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * The {@code agents.v1} events that follow hired work at the agent (key: the agent id, so they stay in order with
 * everything else about the agent), seen by the task's two parties. They carry no endpoint and no secret.
 */
@ApplicationScoped
public class TaskRunEvents {
    public static final String DISPATCHED = "agora.task-run.dispatched.v1";
    public static final String PROGRESSED = "agora.task-run.progressed.v1";
    public static final String INPUT_REQUIRED = "agora.task-run.input-required.v1";
    public static final String COMPLETED = "agora.task-run.completed.v1";
    public static final String FAILED = "agora.task-run.failed.v1";
    public static final String DEAD_LETTERED = "agora.task-run.dead-lettered.v1";

    private final OutboxWriter outbox;

    public TaskRunEvents(OutboxWriter outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> dispatched(TaskRun run, Instant at) {
        return append(run, DISPATCHED, new Dispatched(run.taskId, run.agentId, run.hirerId, run.ownerId, run.attempt(),
                at, run.transport, run.remoteTaskId));
    }

    public Uni<Void> progressed(TaskRun run, Instant at, Step step) {
        return append(run, PROGRESSED, new Progressed(run.taskId, run.agentId, run.hirerId, run.ownerId, run.attempt(),
                at, step));
    }

    public Uni<Void> inputRequired(TaskRun run, Instant at, String question, String reason) {
        return append(run, INPUT_REQUIRED, new InputRequired(run.taskId, run.agentId, run.hirerId, run.ownerId,
                run.attempt(), at, question, reason));
    }

    public Uni<Void> completed(TaskRun run, Instant at, TaskResult result) {
        return append(run, COMPLETED, new Completed(run.taskId, run.agentId, run.hirerId, run.ownerId, run.attempt(),
                at, result));
    }

    public Uni<Void> failed(TaskRun run, Instant at, String code, String reason) {
        return append(run, FAILED, new Failed(run.taskId, run.agentId, run.hirerId, run.ownerId, run.attempt(), at,
                reason, code));
    }

    public Uni<Void> deadLettered(TaskRun run, Instant at, String reason) {
        return append(run, DEAD_LETTERED, new DeadLettered(run.taskId, run.agentId, run.hirerId, run.ownerId,
                run.attempt(), at, reason, run.attempts));
    }

    private Uni<Void> append(TaskRun run, String type, Object payload) {
        return outbox.append(Topics.AGENTS, type, run.agentId, payload, Audience.users(run.hirerId, run.ownerId))
                .replaceWithVoid();
    }

    /** A step the agent reported: {@code status}, {@code thought}, {@code output} or a retried {@code attempt}. */
    @RegisterForReflection
    public record Step(String kind, String text, JsonNode data) {
        public static Step of(String kind, String text) {
            return new Step(kind, text, null);
        }
    }

    /** What the agent produced: its text parts joined, its data parts, its files by URI. */
    @RegisterForReflection
    public record TaskResult(String text, List<JsonNode> data, List<ResultFile> files) {
    }

    @RegisterForReflection
    public record ResultFile(String uri, String name, String mimeType) {
    }

    @RegisterForReflection
    public record Dispatched(UUID taskId, UUID agentId, UUID hirerId, UUID ownerId, int attempt, Instant at,
            String transport, String remoteTaskId) {
    }

    @RegisterForReflection
    public record Progressed(UUID taskId, UUID agentId, UUID hirerId, UUID ownerId, int attempt, Instant at, Step step) {
    }

    @RegisterForReflection
    public record InputRequired(UUID taskId, UUID agentId, UUID hirerId, UUID ownerId, int attempt, Instant at,
            String question, String reason) {
    }

    @RegisterForReflection
    public record Completed(UUID taskId, UUID agentId, UUID hirerId, UUID ownerId, int attempt, Instant at,
            TaskResult result) {
    }

    @RegisterForReflection
    public record Failed(UUID taskId, UUID agentId, UUID hirerId, UUID ownerId, int attempt, Instant at, String reason,
            String code) {
    }

    @RegisterForReflection
    public record DeadLettered(UUID taskId, UUID agentId, UUID hirerId, UUID ownerId, int attempt, Instant at,
            String reason, int attempts) {
    }
}
