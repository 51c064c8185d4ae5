package dev.agora.agents.run.http;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import dev.agora.agents.agent.repository.AgentRepository;
import dev.agora.agents.run.repository.TaskRun;
import dev.agora.agents.run.repository.TaskRunRepository;
import dev.agora.agents.run.service.AgentReply;
import dev.agora.agents.run.service.CallbackTokens;
import dev.agora.agents.run.service.RunCallKind;
import dev.agora.agents.run.service.RunHeldException;
import dev.agora.agents.run.service.RunRecorder;
import dev.agora.agents.run.service.RunStatus;
import dev.agora.agents.run.service.RuntimeTaskService;
import dev.agora.agents.run.service.TaskRunIntake;
import dev.agora.common.outbox.WithOutboxTransaction;
import dev.agora.common.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * An api agent's reports to its task's status webhook ({@code POST /api/runtime/tasks/{taskId}/status}): the same
 * document its status URL would answer, read by {@link HttpTransport#status}, applied to the run as a poll's answer
 * under a lease taken for the report (a worker's call in flight holding the run: 503, send again). Authenticated by
 * the task's callback token or the agent's access token. A finished task answers 409, unless the same outcome is
 * reported again (200: an agent retrying a report whose answer it lost).
 */
@ApplicationScoped
public class StatusReports {
    private static final String BEARER = "Bearer ";

    /** Who reports: any holder of the task's callback token ({@code agentId} null), or an agent by its access token. */
    public record Reporter(UUID agentId) {
    }

    /** What became of a report: recorded, or the same outcome again ({@code repeated}); about {@code agentId}'s task. */
    public record Outcome(UUID agentId, boolean repeated) {
    }

    private final TaskRunRepository runs;
    private final AgentRepository agents;
    private final RunRecorder recorder;
    private final CallbackTokens callbacks;
    private final RuntimeTaskService runtime;
    private final HttpTransport transport;
    private final ObjectMapper mapper;

    public StatusReports(TaskRunRepository runs, AgentRepository agents, RunRecorder recorder, CallbackTokens callbacks,
            RuntimeTaskService runtime, HttpTransport transport, ObjectMapper mapper) {
        this.mapper = mapper;
        this.runs = runs;
        this.agents = agents;
        this.recorder = recorder;
        this.callbacks = callbacks;
        this.runtime = runtime;
        this.transport = transport;
    }

    /** The reporter of a request's {@code Authorization}: the task's callback token, else the agent's access token (401). */
    public Uni<Reporter> authenticate(UUID taskId, String authorization) {
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && callbacks.verify(taskId, authorization.substring(BEARER.length()))) {
            return Uni.createFrom().item(new Reporter(null));
        }
        return runtime.authenticate(authorization).map(agent -> new Reporter(agent.id));
    }

    /** The report, checked before anything is read or written: a JSON object with a known {@code status}. */
    private JsonNode parse(String text) {
        JsonNode body;
        try {
            body = text == null || text.isBlank() ? null : mapper.readTree(text);
        } catch (JsonProcessingException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("status", "is required: the body is a JSON object with a status");
        }
        if (!HttpTransport.knowsStatus(body)) {
            throw ProblemException.badRequest("status", "must be " + HttpTransport.STATUSES);
        }
        return body;
    }

    @WithOutboxTransaction
    public Uni<Outcome> report(Reporter reporter, UUID taskId, String text) {
        JsonNode body = parse(text);
        return runs.findForUpdate(taskId).chain(run -> {
            if (run == null || !"http".equals(run.transport)
                    || reporter.agentId() != null && !reporter.agentId().equals(run.agentId)) {
                throw ProblemException.notFound("task " + taskId);
            }
            return agents.findById(run.agentId).chain(agent -> {
                // the stored endpoint: only its responseTransform is read, no secret is opened
                JsonNode endpoint = agent == null || agent.endpoint == null ? MissingNode.getInstance() : agent.endpoint;
                AgentReply reply = transport.status(endpoint, run.remoteTaskId, run.remoteStatusUrl, body);
                if (RunStatus.finished(run.status)) {
                    if (sameOutcome(run.status, reply)) {
                        return Uni.createFrom().item(new Outcome(run.agentId, true));
                    }
                    throw ProblemException.conflict("status", "the task is already " + run.status);
                }
                Instant now = TaskRunIntake.now();
                if (run.leaseToken != null && run.leaseUntil != null && run.leaseUntil.isAfter(now)) {
                    // a worker is sending the task or asking the status URL: its answer is recorded first
                    throw new RunHeldException();
                }
                if (!RunStatus.FOLLOWING.equals(run.status)) {
                    throw ProblemException.conflict("status", "the task is " + run.status.replace('_', ' ')
                            + ": it takes no status report now");
                }
                UUID lease = UUID.randomUUID();
                run.leaseToken = lease;
                // a report is a sign of life, with or without a new step
                run.lastActivityAt = now;
                return runs.flush().chain(() -> recorder.record(taskId, lease, RunCallKind.FOLLOW, reply))
                        .map(ignored -> new Outcome(run.agentId, false));
            });
        });
    }

    private static boolean sameOutcome(String status, AgentReply reply) {
        return RunStatus.COMPLETED.equals(status) && reply instanceof AgentReply.Done
                || RunStatus.FAILED.equals(status) && reply instanceof AgentReply.Refused;
    }
}
