package dev.agora.agents.run.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agora.agents.agent.repository.Agent;
import dev.agora.agents.agent.repository.AgentRepository;
import dev.agora.agents.agent.service.AgentRules;
import dev.agora.agents.run.events.TaskRunEvents;
import dev.agora.agents.run.repository.TaskRun;
import dev.agora.agents.run.repository.TaskRunRepository;
import dev.agora.common.events.IncomingEvent;
import io.smallrye.mutiny.Uni;

/**
 * What the marketplace's events mean for the work at the agents: a hire becomes a run (how it reaches the agent is
 * decided by the agent's type), a finished or cancelled task stops its run (cancelling it at the agent when the
 * agent has taken it), and the hirer's message to a task whose agent asked something is the answer sent on.
 */
@ApplicationScoped
public class TaskRunIntake {
    public static final String TASK_CREATED = "agora.task.created.v1";
    public static final String TASK_CANCELLED = "agora.task.cancelled.v1";
    public static final String TASK_COMPLETED = "agora.task.completed.v1";
    public static final String TASK_FAILED = "agora.task.failed.v1";
    public static final String MESSAGE_SENT = "agora.message.sent.v1";
    public static final Set<String> TYPES = Set.of(TASK_CREATED, TASK_CANCELLED, TASK_COMPLETED, TASK_FAILED, MESSAGE_SENT);
    private static final int MIN_TIMEOUT_SECONDS = 10;
    private static final int MAX_TIMEOUT_SECONDS = 7 * 24 * 3600;

    private final TaskRunRepository runs;
    private final AgentRepository agents;
    private final TaskRunEvents events;
    private final RunConfig config;

    public TaskRunIntake(TaskRunRepository runs, AgentRepository agents, TaskRunEvents events, RunConfig config) {
        this.runs = runs;
        this.agents = agents;
        this.events = events;
        this.config = config;
    }

    public Uni<Void> onMarketplaceEvent(IncomingEvent event) {
        return switch (event.type()) {
            case TASK_CREATED -> created(event);
            case MESSAGE_SENT -> answered(event);
            default -> stopped(event);
        };
    }

    private Uni<Void> created(IncomingEvent event) {
        UUID taskId = event.requiredUuid("taskId");
        return runs.findById(taskId).chain(existing -> existing != null ? Uni.createFrom().voidItem()
                : agents.findLive(event.requiredUuid("agentId")).chain(agent -> open(event, taskId, agent)));
    }

    private Uni<Void> open(IncomingEvent event, UUID taskId, Agent agent) {
        Instant now = now();
        TaskRun run = new TaskRun();
        run.taskId = taskId;
        run.agentId = event.requiredUuid("agentId");
        run.hirerId = event.requiredUuid("hirerId");
        run.ownerId = event.requiredUuid("ownerId");
        run.title = event.requiredText("task.title");
        run.description = event.requiredText("task.description");
        run.taskType = event.text("task.taskType");
        run.transport = agent == null ? "http" : transportOf(agent);
        run.status = RunStatus.QUEUED;
        run.nextAttemptAt = now;
        run.lastActivityAt = now;
        run.silenceTimeoutSeconds = silenceTimeoutOf(agent);
        run.createdAt = now;
        run.updatedAt = now;
        String undispatchable = agent == null ? "the agent no longer exists" : whyNotDispatchable(agent);
        if (undispatchable == null) {
            return runs.persist(run).replaceWithVoid();
        }
        run.status = RunStatus.FAILED;
        run.finishedAt = now;
        run.lastError = undispatchable;
        return runs.persist(run).chain(() -> events.failed(run, now, FailureCodes.NOT_DISPATCHABLE, undispatchable));
    }

    /** A task the marketplace finished or cancelled: its run stops, and work the agent took is cancelled there. */
    private Uni<Void> stopped(IncomingEvent event) {
        return runs.findForUpdate(event.requiredUuid("taskId")).chain(run -> {
            if (run == null || RunStatus.finished(run.status) || RunStatus.CANCELLING.equals(run.status)) {
                return Uni.createFrom().voidItem();
            }
            Instant now = now();
            boolean takenByAgent = run.remoteTaskId != null || run.remoteStatusUrl != null;
            run.status = takenByAgent && !"runtime".equals(run.transport) ? RunStatus.CANCELLING : RunStatus.CANCELLED;
            run.nextAttemptAt = now;
            run.attempts = RunStatus.CANCELLING.equals(run.status) ? 0 : run.attempts;
            run.finishedAt = RunStatus.CANCELLED.equals(run.status) ? now : null;
            run.pendingAnswer = null;
            run.updatedAt = now;
            return runs.flush().replaceWithVoid();
        });
    }

    /** The hirer's message on a task whose agent is waiting for an answer: sent to the agent with the next attempt. */
    private Uni<Void> answered(IncomingEvent event) {
        UUID senderId = event.requiredUuid("senderId");
        return runs.findForUpdate(event.requiredUuid("taskId")).chain(run -> {
            if (run == null || !RunStatus.INPUT_REQUIRED.equals(run.status) || !run.hirerId.equals(senderId)) {
                return Uni.createFrom().voidItem();
            }
            Instant now = now();
            run.pendingAnswer = event.requiredText("message.text");
            run.status = RunStatus.QUEUED;
            run.attempts = 0;
            run.nextAttemptAt = now;
            run.lastActivityAt = now;
            run.updatedAt = now;
            return runs.flush().replaceWithVoid();
        });
    }

    /** External agents speak A2A; api agents are called over HTTP, or pull their work when only deployed; context agents are LLM calls. */
    static String transportOf(Agent agent) {
        return switch (agent.type) {
            case AgentRules.EXTERNAL -> "a2a";
            case AgentRules.CONTEXT -> "llm";
            default -> agent.endpoint == null ? "runtime" : "http";
        };
    }

    private static String whyNotDispatchable(Agent agent) {
        return switch (transportOf(agent)) {
            case "a2a", "http" -> agent.endpoint == null || !agent.endpoint.path("url").isTextual()
                    ? "the agent has no endpoint to call" : null;
            case "llm" -> agent.llmConfig == null ? "the agent has no LLM configuration" : null;
            default -> agent.githubUrl == null ? "the agent has neither an endpoint nor a deployment to run the work" : null;
        };
    }

    private int silenceTimeoutOf(Agent agent) {
        JsonNode own = agent == null || agent.config == null ? null : agent.config.get("taskTimeoutSeconds");
        if (own != null && own.canConvertToInt() && own.intValue() >= MIN_TIMEOUT_SECONDS
                && own.intValue() <= MAX_TIMEOUT_SECONDS) {
            return own.intValue();
        }
        return (int) config.silenceTimeout().toSeconds();
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
