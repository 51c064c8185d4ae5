package dev.agora.agents.run.service;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.agents.agent.repository.AgentRepository;
import dev.agora.agents.agent.repository.AgentViewer;
import dev.agora.agents.run.repository.TaskRun;
import dev.agora.agents.run.repository.TaskRunRepository;
import dev.agora.agents.run.model.TaskRunView;
import dev.agora.common.outbox.AfterCommit;
import dev.agora.common.outbox.WithOutboxTransaction;
import dev.agora.common.paging.Page;
import dev.agora.common.paging.PageRequest;
import dev.agora.common.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * What an agent's owner sees of the work sent to their agent, and the retry of a dead-lettered run. Like the task, a
 * run is private to the hirer and the agent's owner: an agent the caller cannot see is 404, and someone who sees it
 * without owning it (an organization member) gets 403.
 */
@ApplicationScoped
public class TaskRunService {
    public static final int CURSOR_PARTS = 2;

    private final TaskRunRepository runs;
    private final AgentRepository agents;
    private final RunWorkers workers;

    public TaskRunService(TaskRunRepository runs, AgentRepository agents, RunWorkers workers) {
        this.runs = runs;
        this.agents = agents;
        this.workers = workers;
    }

    @WithSession
    public Uni<Page<TaskRunView>> list(AgentViewer viewer, UUID agentId, String status, PageRequest page) {
        if (status != null && !RunStatus.ALL.contains(status)) {
            throw ProblemException.badRequest("status", "must be one of " + RunStatus.ALL.stream().sorted().toList());
        }
        Instant after = page.hasCursor() ? page.instantAt(0) : null;
        UUID afterId = page.hasCursor() ? page.uuidAt(1) : null;
        return ownAgent(viewer, agentId)
                .chain(() -> runs.listForAgent(agentId, viewer.userId(), status, after, afterId, page.limit() + 1))
                .map(rows -> Page.of(rows, page.limit(), TaskRunView::of,
                        (TaskRun last) -> PageRequest.encodeCursor(last.createdAt, last.taskId)));
    }

    @WithSession
    public Uni<TaskRunView> get(AgentViewer viewer, UUID agentId, UUID taskId) {
        return ownAgent(viewer, agentId).chain(() -> owned(viewer.userId(), agentId, runs.findById(taskId), taskId))
                .map(TaskRunView::of);
    }

    /** A dead-lettered run is sent again (its attempts start over); any other status answers 409. */
    @WithOutboxTransaction
    public Uni<TaskRunView> retry(AgentViewer viewer, UUID agentId, UUID taskId) {
        return ownAgent(viewer, agentId).chain(() -> owned(viewer.userId(), agentId, runs.findForUpdate(taskId), taskId))
                .chain(run -> {
                    if (!RunStatus.DEAD_LETTERED.equals(run.status)) {
                        throw ProblemException.conflict("status", "only a dead-lettered run can be retried; this one is "
                                + run.status);
                    }
                    Instant now = TaskRunIntake.now();
                    run.status = RunStatus.QUEUED;
                    run.attempts = 0;
                    run.nextAttemptAt = now;
                    run.lastActivityAt = now;
                    run.updatedAt = now;
                    AfterCommit.run(workers::wake);
                    return runs.flush().map(ignored -> TaskRunView.of(run));
                });
    }

    private Uni<Void> ownAgent(AgentViewer viewer, UUID agentId) {
        return agents.findVisible(agentId, viewer).map(agent -> {
            if (agent == null) {
                throw ProblemException.notFound("agent " + agentId);
            }
            if (!agent.ownerId.equals(viewer.userId())) {
                throw ProblemException.forbidden("only the agent's owner sees the work hired from it");
            }
            return null;
        }).replaceWithVoid();
    }

    private static Uni<TaskRun> owned(UUID userId, UUID agentId, Uni<TaskRun> lookup, UUID taskId) {
        return lookup.map(run -> {
            if (run == null || !run.agentId.equals(agentId) || !run.ownerId.equals(userId)) {
                throw ProblemException.notFound("task run " + taskId);
            }
            return run;
        });
    }
}
