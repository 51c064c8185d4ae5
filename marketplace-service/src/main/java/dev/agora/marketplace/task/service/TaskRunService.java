package dev.agora.marketplace.task.service;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.marketplace.message.service.MessageService;
import dev.agora.marketplace.notification.service.TaskRunNotifier;
import dev.agora.marketplace.task.model.TaskRunEvent;
import dev.agora.marketplace.task.repository.Task;
import dev.agora.marketplace.task.repository.TaskRepository;
import dev.agora.marketplace.task.repository.TaskStep;
import dev.agora.marketplace.task.repository.TaskStepRepository;
import io.smallrye.mutiny.Uni;

/**
 * The task follows its agent's run, in the caller's transaction (the consumer's of {@code agents.v1}):
 * <ul>
 * <li>dispatched: a pending task is started by the platform (as a manual start, with {@code agora.task.started.v1});
 * an in-progress one (a re-dispatch after a retry) only gains the step. The first dispatch sets {@code dispatchedAt}.
 * <li>progressed: a step; the first status, thought or output sets {@code firstProgressAt}; both parties are told.
 * <li>input-required: the agent's question becomes a message of the thread from the owner to the hirer, marked
 * {@code fromAgent}; the hirer is told.
 * <li>completed: the result is kept and the platform completes the task (starting it first if it is still pending),
 * which pays the escrow to the owner.
 * <li>failed: the platform fails the task, pending or in progress, with the event's reason, which refunds the hirer.
 * <li>dead-lettered: dispatch gave up; the task stays open and the owner is told (they can retry it).
 * </ul>
 * Every applied event adds one step to the task's trail. An event for a task this service does not know, for another
 * agent than the task's, or for a finished (completed, failed, cancelled) task changes nothing: it is acknowledged
 * and ignored, never dead-lettered.
 */
@ApplicationScoped
public class TaskRunService {
    private static final Logger LOG = Logger.getLogger(TaskRunService.class);
    static final int MAX_STEP_TEXT = 5_000;

    private final TaskRepository tasks;
    private final TaskStepRepository steps;
    private final TaskService moves;
    private final MessageService messages;
    private final TaskRunNotifier notifier;
    private final ObjectMapper mapper;

    public TaskRunService(TaskRepository tasks, TaskStepRepository steps, TaskService moves, MessageService messages,
            TaskRunNotifier notifier, ObjectMapper mapper) {
        this.tasks = tasks;
        this.steps = steps;
        this.moves = moves;
        this.messages = messages;
        this.notifier = notifier;
        this.mapper = mapper;
    }

    public Uni<Void> apply(TaskRunEvent run) {
        return tasks.findForUpdate(run.taskId()).chain(task -> {
            if (task == null) {
                LOG.infof("Ignoring %s %s: task %s is unknown here", run.type(), run.id(), run.taskId());
                return Uni.createFrom().voidItem();
            }
            if (!task.agentId.equals(run.agentId())) {
                LOG.warnf("Ignoring %s %s: task %s belongs to agent %s, not %s", run.type(), run.id(), task.id,
                        task.agentId, run.agentId());
                return Uni.createFrom().voidItem();
            }
            if (!TaskRules.OPEN.contains(task.status)) {
                LOG.infof("Ignoring %s %s: task %s is %s already", run.type(), run.id(), task.id, task.status);
                return Uni.createFrom().voidItem();
            }
            return switch (run.type()) {
                case TaskRunEvent.DISPATCHED -> dispatched(task, run);
                case TaskRunEvent.PROGRESSED -> progressed(task, run);
                case TaskRunEvent.INPUT_REQUIRED -> inputRequired(task, run);
                case TaskRunEvent.COMPLETED -> completed(task, run);
                case TaskRunEvent.FAILED -> failed(task, run);
                case TaskRunEvent.DEAD_LETTERED -> deadLettered(task, run);
                default -> Uni.createFrom().voidItem();
            };
        });
    }

    private Uni<Void> dispatched(Task task, TaskRunEvent run) {
        String transport = run.requiredText("transport");
        ObjectNode data = mapper.createObjectNode().put("transport", transport)
                .put("remoteTaskId", run.text("remoteTaskId"));
        if (task.dispatchedAt == null) {
            task.dispatchedAt = run.at();
        }
        return step(task, run, "dispatched", "Dispatched to the agent (" + transport + ")", data)
                .chain(() -> TaskRules.PENDING.equals(task.status)
                        ? moves.moveByPlatform(task, TaskRules.Transition.START, null).replaceWithVoid()
                        : tasks.flush());
    }

    private Uni<Void> progressed(Task task, TaskRunEvent run) {
        JsonNode step = run.field("step");
        String kind = step.path("kind").asText(null);
        if (!step.isObject() || kind == null || !TaskStepKinds.PROGRESS.contains(kind)
                || !step.path("text").isTextual()) {
            throw run.event().poison("has no step {kind: status|thought|output|attempt, text}");
        }
        String text = step.path("text").asText();
        JsonNode data = step.path("data").isMissingNode() || step.path("data").isNull() ? null : step.path("data");
        // a retried attempt is the dispatcher's note, not the agent responding
        if (task.firstProgressAt == null && !TaskStepKinds.ATTEMPT.equals(kind)) {
            task.firstProgressAt = run.at();
        }
        return step(task, run, kind, text, data)
                .call(tasks::flush)
                .chain(() -> notifier.progressed(run.event(), task, kind, text));
    }

    private Uni<Void> inputRequired(Task task, TaskRunEvent run) {
        String question = run.requiredText("question");
        String reason = run.requiredText("reason");
        UUID messageId = derivedId("message", run);
        return messages.sendFromAgent(task, messageId, question)
                .chain(message -> step(task, run, "input-required", question, mapper.createObjectNode()
                        .put("reason", reason).put("messageId", message.id().toString())))
                .chain(() -> notifier.inputRequired(run.event(), task, messageId, question));
    }

    private Uni<Void> completed(Task task, TaskRunEvent run) {
        JsonNode result = run.field("result");
        if (!result.isObject()) {
            throw run.event().poison("has no result object");
        }
        String text = result.path("text").isTextual() && !result.path("text").asText().isBlank()
                ? result.path("text").asText() : "The agent completed the work";
        return step(task, run, "completed", text, null)
                // the agent answered before its dispatch was reported: the task is started, then completed
                .chain(() -> TaskRules.PENDING.equals(task.status)
                        ? moves.moveByPlatform(task, TaskRules.Transition.START, null).replaceWithVoid()
                        : Uni.createFrom().voidItem())
                .chain(() -> {
                    task.result = result;
                    return moves.moveByPlatform(task, TaskRules.Transition.COMPLETE, null);
                })
                .replaceWithVoid();
    }

    private Uni<Void> failed(Task task, TaskRunEvent run) {
        String reason = run.requiredText("reason");
        String code = run.requiredText("code");
        return step(task, run, "failed", reason, mapper.createObjectNode().put("code", code))
                .chain(() -> moves.moveByPlatform(task, TaskRules.Transition.FAIL, reason))
                .replaceWithVoid();
    }

    private Uni<Void> deadLettered(Task task, TaskRunEvent run) {
        String reason = run.requiredText("reason");
        long attempts = run.event().requiredLong("attempts");
        return step(task, run, "dead-lettered", reason, mapper.createObjectNode().put("attempts", attempts))
                .chain(() -> notifier.deadLettered(run.event(), task, reason, attempts));
    }

    private Uni<Void> step(Task task, TaskRunEvent run, String kind, String text, JsonNode data) {
        TaskStep step = new TaskStep();
        step.id = derivedId("step", run);
        step.taskId = task.id;
        step.kind = kind;
        step.text = text.length() > MAX_STEP_TEXT ? text.substring(0, MAX_STEP_TEXT) : text;
        step.data = data;
        step.attempt = run.attempt();
        step.at = run.at();
        step.eventId = run.id();
        return steps.append(step).replaceWithVoid();
    }

    /** An id derived from the causing event, so that applying it again could never make a second row. */
    private static UUID derivedId(String what, TaskRunEvent run) {
        return UUID.nameUUIDFromBytes((what + "/" + run.id()).getBytes(StandardCharsets.UTF_8));
    }
}
