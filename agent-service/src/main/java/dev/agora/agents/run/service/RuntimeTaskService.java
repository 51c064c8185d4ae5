package dev.agora.agents.run.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agora.agents.agent.repository.Agent;
import dev.agora.agents.agent.repository.AgentRepository;
import dev.agora.agents.agent.service.AgentCredentials;
import dev.agora.agents.run.events.TaskRunEvents;
import dev.agora.agents.run.events.TaskRunEvents.ResultFile;
import dev.agora.agents.run.events.TaskRunEvents.Step;
import dev.agora.agents.run.events.TaskRunEvents.TaskResult;
import dev.agora.agents.run.repository.TaskRun;
import dev.agora.agents.run.repository.TaskRunRepository;
import dev.agora.agents.run.model.ClaimedTaskView;
import dev.agora.agents.run.model.RuntimeTaskRequests;
import dev.agora.common.outbox.WithOutboxTransaction;
import dev.agora.common.problem.FieldError;
import dev.agora.common.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * The runtime pull API's rules. A deployed agent (its access token, or its current deployment's runtime token)
 * claims its next task under a lease (long-polling until one is queued), keeps the lease with heartbeats and
 * reports, says what it does, asks the hirer, and ends the task with a result or a failure. Every report names the
 * lease it holds: a runtime whose lease lapsed (the task was put back and may be someone else's now) or whose task
 * was cancelled gets 409 and stops. An api agent that answered 202 without a status URL reports the same way,
 * without a lease. Another agent's task is 404.
 */
@ApplicationScoped
public class RuntimeTaskService {
    private static final String BEARER = "Bearer ";
    private static final Set<String> STEP_KINDS = Set.of("status", "thought", "output");
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);
    private static final Duration LOOK_AGAIN = Duration.ofSeconds(1);

    private final TaskRunRepository runs;
    private final AgentRepository agents;
    private final RunRecorder recorder;
    private final TaskRunEvents events;
    private final RuntimeWaiters waiters;
    private final RunConfig config;

    public RuntimeTaskService(TaskRunRepository runs, AgentRepository agents, RunRecorder recorder, TaskRunEvents events,
            RuntimeWaiters waiters, RunConfig config) {
        this.runs = runs;
        this.agents = agents;
        this.recorder = recorder;
        this.events = events;
        this.waiters = waiters;
        this.config = config;
    }

    @WithSession
    public Uni<Agent> authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || authorization.length() == BEARER.length()) {
            return Uni.createFrom().failure(ProblemException.unauthorized(
                    "the agent's access token or its deployment's runtime token is required as a Bearer token"));
        }
        return agents.findLiveByTokenHash(AgentCredentials.sha256Hex(authorization.substring(BEARER.length()).strip()))
                .onItem().ifNull().failWith(() -> ProblemException.unauthorized("the token is not valid for any live agent"));
    }

    /** The agent's next task, waiting up to {@code waitSeconds} (at most 30) for one; null when none came. */
    public Uni<ClaimedTaskView> claim(Agent agent, Integer waitSeconds) {
        if (waitSeconds != null && (waitSeconds < 0 || waitSeconds > MAX_WAIT.toSeconds())) {
            throw ProblemException.badRequest("wait", "must be 0 to " + MAX_WAIT.toSeconds() + " seconds");
        }
        Instant deadline = Instant.now().plusSeconds(waitSeconds == null ? 0 : waitSeconds);
        return claimUntil(agent, deadline);
    }

    private Uni<ClaimedTaskView> claimUntil(Agent agent, Instant deadline) {
        return claimOnce(agent).chain(claimed -> {
            Duration left = Duration.between(Instant.now(), deadline);
            if (claimed != null || left.isNegative() || left.isZero()) {
                return Uni.createFrom().item(claimed);
            }
            return waiters.await(agent.id, left.compareTo(LOOK_AGAIN) < 0 ? left : LOOK_AGAIN)
                    .chain(() -> claimUntil(agent, deadline));
        });
    }

    @WithOutboxTransaction
    Uni<ClaimedTaskView> claimOnce(Agent agent) {
        return runs.claimForRuntime(agent.id, config.runtimeLease().toMillis(), UUID.randomUUID()).chain(run -> {
            if (run == null) {
                return Uni.createFrom().nullItem();
            }
            if (run.dispatchedAt != null) {
                return Uni.createFrom().item(ClaimedTaskView.of(run));
            }
            Instant now = TaskRunIntake.now();
            run.dispatchedAt = now;
            return events.dispatched(run, now).chain(runs::flush).map(ignored -> ClaimedTaskView.of(run));
        });
    }

    @WithOutboxTransaction
    public Uni<Instant> heartbeat(Agent agent, UUID taskId, RuntimeTaskRequests.Lease body) {
        return held(agent, taskId, body == null ? null : body.leaseToken()).chain(run -> {
            Instant now = TaskRunIntake.now();
            run.leaseUntil = now.plus(config.runtimeLease());
            run.lastActivityAt = now;
            run.updatedAt = now;
            return runs.flush().map(ignored -> run.leaseUntil);
        });
    }

    @WithOutboxTransaction
    public Uni<Void> progress(Agent agent, UUID taskId, RuntimeTaskRequests.Progress body) {
        if (body == null) {
            throw ProblemException.badRequest("body", "a JSON object is required");
        }
        List<FieldError> errors = new ArrayList<>();
        if (body.kind() == null || !STEP_KINDS.contains(body.kind())) {
            errors.add(new FieldError("kind", "must be one of " + STEP_KINDS.stream().sorted().toList()));
        }
        text(errors, "text", body.text(), 5000);
        invalidIfAny(errors);
        return held(agent, taskId, body.leaseToken()).chain(run -> recorder.progress(taskId, run.leaseToken,
                new ProgressSink.Report(null, null, new Step(body.kind(), body.text(), body.data()))));
    }

    @WithOutboxTransaction
    public Uni<Void> ask(Agent agent, UUID taskId, RuntimeTaskRequests.Question body) {
        if (body == null) {
            throw ProblemException.badRequest("body", "a JSON object is required");
        }
        List<FieldError> errors = new ArrayList<>();
        text(errors, "question", body.question(), 5000);
        invalidIfAny(errors);
        return held(agent, taskId, body.leaseToken()).chain(run -> recorder.record(taskId, run.leaseToken,
                RunCallKind.FOLLOW, new AgentReply.NeedsInput(null, null, body.question(), "input-required", List.of())));
    }

    @WithOutboxTransaction
    public Uni<Void> complete(Agent agent, UUID taskId, RuntimeTaskRequests.Result body) {
        if (body == null) {
            throw ProblemException.badRequest("body", "a JSON object is required");
        }
        List<FieldError> errors = new ArrayList<>();
        boolean hasText = body.text() != null && !body.text().isBlank();
        boolean hasData = body.data() != null && !body.data().isEmpty();
        boolean hasFiles = body.files() != null && !body.files().isEmpty();
        if (!hasText && !hasData && !hasFiles) {
            errors.add(new FieldError("text", "a result needs a text, data or files"));
        }
        if (hasText && body.text().length() > 100_000) {
            errors.add(new FieldError("text", "must be at most 100000 characters"));
        }
        List<ResultFile> files = new ArrayList<>();
        if (hasFiles) {
            for (int i = 0; i < body.files().size(); i++) {
                RuntimeTaskRequests.File file = body.files().get(i);
                if (file == null || file.uri() == null || file.uri().isBlank() || file.uri().length() > 2000) {
                    errors.add(new FieldError("files[" + i + "].uri", "is required (at most 2000 characters)"));
                } else {
                    files.add(new ResultFile(file.uri(), file.name(), file.mimeType()));
                }
            }
        }
        if (hasData && body.data().stream().mapToInt(node -> node == null ? 0 : node.toString().length()).sum() > 100_000) {
            errors.add(new FieldError("data", "must be at most 100000 characters of JSON"));
        }
        invalidIfAny(errors);
        List<JsonNode> data = hasData ? body.data() : List.of();
        TaskResult result = new TaskResult(hasText ? body.text() : null, data, files);
        return held(agent, taskId, body.leaseToken()).chain(run -> recorder.record(taskId, run.leaseToken,
                RunCallKind.FOLLOW, new AgentReply.Done(null, result, List.of())));
    }

    @WithOutboxTransaction
    public Uni<Void> fail(Agent agent, UUID taskId, RuntimeTaskRequests.Failure body) {
        if (body == null) {
            throw ProblemException.badRequest("body", "a JSON object is required");
        }
        List<FieldError> errors = new ArrayList<>();
        text(errors, "reason", body.reason(), 900);
        invalidIfAny(errors);
        return held(agent, taskId, body.leaseToken()).chain(run -> recorder.record(taskId, run.leaseToken,
                RunCallKind.FOLLOW, new AgentReply.Refused(FailureCodes.AGENT_FAILED,
                        "the agent failed the task: " + body.reason().strip())));
    }

    /**
     * The run the agent holds, locked: its runtime's lease (checked against {@code leaseToken}), or an api agent's
     * job it reports on (a lease taken for this report).
     */
    private Uni<TaskRun> held(Agent agent, UUID taskId, String leaseToken) {
        return runs.findForUpdate(taskId).chain(run -> {
            if (run == null || !run.agentId.equals(agent.id)) {
                throw ProblemException.notFound("task " + taskId);
            }
            boolean selfReporting = "http".equals(run.transport) && run.remoteStatusUrl == null
                    && RunStatus.FOLLOWING.equals(run.status) && run.leaseToken == null;
            if (selfReporting) {
                run.leaseToken = UUID.randomUUID();
                return runs.flush().replaceWith(run);
            }
            if (leaseToken == null || leaseToken.isBlank()) {
                throw ProblemException.badRequest("leaseToken", "is required: the lease the claim answered");
            }
            boolean held = "runtime".equals(run.transport) && RunStatus.FOLLOWING.equals(run.status)
                    && run.leaseToken != null && run.leaseToken.toString().equals(leaseToken.strip())
                    && run.leaseUntil != null && run.leaseUntil.isAfter(Instant.now());
            if (!held) {
                throw ProblemException.conflict("leaseToken", "this runtime no longer holds the task (it is "
                        + run.status.replace('_', ' ') + (RunStatus.FOLLOWING.equals(run.status)
                                ? ", under another lease or none" : "") + "): stop working on it");
            }
            return Uni.createFrom().item(run);
        });
    }

    private static void text(List<FieldError> errors, String field, String value, int max) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required"));
        } else if (value.length() > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
        }
    }

    private static void invalidIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }
}
