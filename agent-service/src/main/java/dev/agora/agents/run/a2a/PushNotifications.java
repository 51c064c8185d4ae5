package dev.agora.agents.run.a2a;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.agents.run.service.CallbackTokens;
import dev.agora.agents.run.service.RunStatus;
import dev.agora.agents.run.service.RunWorkers;
import dev.agora.agents.run.service.TaskRunIntake;
import dev.agora.agents.run.repository.TaskRunRepository;
import dev.agora.common.outbox.AfterCommit;
import dev.agora.common.outbox.WithOutboxTransaction;
import dev.agora.common.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * A2A push notifications ({@code POST /api/runtime/tasks/{taskId}/a2a-notifications}). A2A v0.3 leaves the body to
 * the agent and has the client check the token it gave ({@code X-A2A-Notification-Token}) and then ask
 * {@code tasks/get}: so a notification with the task's callback token only makes its run due now and wakes the
 * workers, whose next {@code tasks/get} reads the change. A notification that arrives while a call about the run is
 * under way is remembered ({@code notified_at}): that call's answer may predate the change, so the run is asked again
 * at once. A finished run ignores it.
 */
@ApplicationScoped
public class PushNotifications {
    private final TaskRunRepository runs;
    private final CallbackTokens callbacks;
    private final RunWorkers workers;

    public PushNotifications(TaskRunRepository runs, CallbackTokens callbacks, RunWorkers workers) {
        this.runs = runs;
        this.callbacks = callbacks;
        this.workers = workers;
    }

    /** Takes a notification about the task: answers its agent's id; 401 for a wrong token, 404 for no A2A task. */
    @WithOutboxTransaction
    public Uni<UUID> notified(UUID taskId, String token) {
        if (!callbacks.verify(taskId, token)) {
            return Uni.createFrom().failure(ProblemException.unauthorized(token == null || token.isBlank()
                    ? "X-A2A-Notification-Token is required: the token of the task's push notification config"
                    : "X-A2A-Notification-Token is not this task's token"));
        }
        return runs.findForUpdate(taskId).chain(run -> {
            if (run == null || !"a2a".equals(run.transport)) {
                throw ProblemException.notFound("task " + taskId);
            }
            if (!RunStatus.QUEUED.equals(run.status) && !RunStatus.FOLLOWING.equals(run.status)) {
                return Uni.createFrom().item(run.agentId);
            }
            Instant now = TaskRunIntake.now();
            run.notifiedAt = now;
            boolean idle = run.leaseToken == null || run.leaseUntil == null || !run.leaseUntil.isAfter(now);
            if (RunStatus.FOLLOWING.equals(run.status) && idle && run.nextAttemptAt.isAfter(now)) {
                run.nextAttemptAt = now;
                AfterCommit.run(workers::wake);
            }
            return runs.flush().map(ignored -> run.agentId);
        });
    }
}
