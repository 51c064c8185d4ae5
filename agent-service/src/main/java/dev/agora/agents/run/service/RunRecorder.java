package dev.agora.agents.run.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.agents.run.events.TaskRunEvents;
import dev.agora.agents.run.events.TaskRunEvents.Step;
import dev.agora.agents.run.repository.TaskRun;
import dev.agora.agents.run.repository.TaskRunRepository;
import dev.agora.common.outbox.WithOutboxTransaction;
import dev.agora.common.retry.Backoff;
import io.smallrye.mutiny.Uni;

/**
 * Records what a call to an agent came to, in one transaction with its events: only while the worker still holds
 * the run's lease (a worker whose lease lapsed records nothing; the run was taken again), and never twice for a
 * finished run. So a crash at any moment repeats at most the call, which the agent recognises by the task id.
 */
@ApplicationScoped
public class RunRecorder {
    private final TaskRunRepository runs;
    private final TaskRunEvents events;
    private final RunConfig config;

    public RunRecorder(TaskRunRepository runs, TaskRunEvents events, RunConfig config) {
        this.runs = runs;
        this.events = events;
        this.config = config;
    }

    @WithOutboxTransaction
    public Uni<Void> record(UUID taskId, UUID leaseToken, RunCallKind kind, AgentReply reply) {
        return runs.findForUpdate(taskId).chain(run -> {
            if (run == null || !leaseToken.equals(run.leaseToken)) {
                return Uni.createFrom().voidItem();
            }
            run.leaseToken = null;
            run.leaseUntil = null;
            Instant now = TaskRunIntake.now();
            run.updatedAt = now;
            if (kind == RunCallKind.SEND) {
                run.attempts++;
            }
            if (RunStatus.finished(run.status)) {
                return runs.flush().replaceWithVoid();
            }
            if (RunStatus.CANCELLING.equals(run.status)) {
                return cancelling(run, kind, reply, now);
            }
            return runs.flush().chain(() -> apply(run, kind, reply, now));
        });
    }

    private Uni<Void> apply(TaskRun run, RunCallKind kind, AgentReply reply, Instant now) {
        if (reply instanceof AgentReply.Working working) {
            return working(run, working, now);
        } else if (reply instanceof AgentReply.NeedsInput input) {
            return needsInput(run, input, now);
        } else if (reply instanceof AgentReply.Done done) {
            return done(run, done, now);
        } else if (reply instanceof AgentReply.Refused refused) {
            return failed(run, refused.code(), refused.reason(), now);
        } else if (reply instanceof AgentReply.Unreachable unreachable) {
            return unreachable(run, kind, unreachable, now);
        }
        return finish(run, RunStatus.CANCELLED, now);
    }

    /**
     * What the agent said during a streaming call, recorded while the worker holds the run (its lease extended: the
     * agent is alive): the dispatch, if this is the first sign of the agent, and the step.
     */
    @WithOutboxTransaction
    public Uni<Void> progress(UUID taskId, UUID leaseToken, ProgressSink.Report report) {
        return runs.findForUpdate(taskId).chain(run -> {
            if (run == null || !leaseToken.equals(run.leaseToken) || RunStatus.finished(run.status)
                    || RunStatus.CANCELLING.equals(run.status)) {
                return Uni.createFrom().voidItem();
            }
            Instant now = TaskRunIntake.now();
            boolean first = run.dispatchedAt == null;
            remember(run, report.remoteTaskId(), report.contextId(), null);
            run.leaseUntil = now.plus("runtime".equals(run.transport) ? config.runtimeLease() : config.lease());
            run.updatedAt = now;
            return dispatchedIfFirst(run, first, now)
                    .chain(() -> report.step() == null ? Uni.createFrom().voidItem() : report(run, List.of(report.step()), now))
                    .chain(runs::flush).replaceWithVoid();
        });
    }

    /** The silent runs (nothing heard within their timeout), failed with a reason, at most {@code limit}. */
    @WithOutboxTransaction
    public Uni<Integer> failSilent(int limit) {
        return runs.lockSilent(limit).call(silent -> {
            Uni<Void> failed = Uni.createFrom().voidItem();
            Instant now = TaskRunIntake.now();
            for (TaskRun run : silent) {
                failed = failed.chain(() -> failed(run, FailureCodes.TIMEOUT, "the agent was silent for more than "
                        + run.silenceTimeoutSeconds + " seconds", now));
            }
            return failed;
        }).map(List::size);
    }

    private Uni<Void> working(TaskRun run, AgentReply.Working working, Instant now) {
        boolean first = run.dispatchedAt == null;
        remember(run, working.remoteTaskId(), working.contextId(), working.statusUrl());
        Instant due = run.nextAttemptAt;
        if (working.pushNotifications()) {
            run.pushNotifications = true;
        }
        run.status = RunStatus.FOLLOWING;
        run.pendingAnswer = null;
        run.lastError = null;
        if ("http".equals(run.transport) && run.remoteStatusUrl == null) {
            // an api agent without a status URL reports through the runtime API or its status webhook
            run.nextAttemptAt = now.plusSeconds(run.silenceTimeoutSeconds);
        } else if (run.notifiedAt != null && due != null && run.notifiedAt.isAfter(due)) {
            // notified while this call was under way: what it read may predate the change
            run.nextAttemptAt = now;
        } else {
            run.nextAttemptAt = now.plus(followInterval(run));
        }
        return dispatchedIfFirst(run, first, now).chain(() -> report(run, working.steps(), now)).chain(runs::flush)
                .replaceWithVoid();
    }

    private Uni<Void> needsInput(TaskRun run, AgentReply.NeedsInput input, Instant now) {
        boolean first = run.dispatchedAt == null;
        remember(run, input.remoteTaskId(), input.contextId(), null);
        run.status = RunStatus.INPUT_REQUIRED;
        run.pendingAnswer = null;
        run.lastError = null;
        run.lastActivityAt = now;
        return dispatchedIfFirst(run, first, now).chain(() -> report(run, input.steps(), now))
                .chain(() -> events.inputRequired(run, now, input.question(), input.reason())).chain(runs::flush)
                .replaceWithVoid();
    }

    private Uni<Void> done(TaskRun run, AgentReply.Done done, Instant now) {
        boolean first = run.dispatchedAt == null;
        remember(run, done.remoteTaskId(), null, null);
        run.lastActivityAt = now;
        run.lastError = null;
        return dispatchedIfFirst(run, first, now).chain(() -> report(run, done.steps(), now))
                .chain(() -> events.completed(run, now, done.result()))
                .chain(() -> finish(run, RunStatus.COMPLETED, now));
    }

    private Uni<Void> failed(TaskRun run, String code, String reason, Instant now) {
        run.lastError = reason;
        return events.failed(run, now, code, reason).chain(() -> finish(run, RunStatus.FAILED, now));
    }

    /** The agent could not be reached: a send is retried with backoff up to its bound, then dead-lettered. */
    private Uni<Void> unreachable(TaskRun run, RunCallKind kind, AgentReply.Unreachable unreachable, Instant now) {
        run.lastError = unreachable.error();
        Backoff backoff = new Backoff(config.backoffBase().toMillis(), config.backoffMax().toMillis());
        if (kind == RunCallKind.FOLLOW) {
            // the agent has the work; asking again later is enough (its silence timeout bounds the wait)
            run.nextAttemptAt = now.plusMillis(Math.max(followInterval(run).toMillis(),
                    backoff.delayAfter(2, unreachable.retryAfterMillis())));
            return runs.flush().replaceWithVoid();
        }
        if (run.attempts >= config.maxAttempts()) {
            run.status = RunStatus.DEAD_LETTERED;
            String reason = "gave up after " + run.attempts + " attempts: " + unreachable.error();
            return events.deadLettered(run, now, clip(reason)).chain(runs::flush).replaceWithVoid();
        }
        long delay = backoff.delayAfter(run.attempts, unreachable.retryAfterMillis());
        run.status = RunStatus.QUEUED;
        run.nextAttemptAt = now.plusMillis(delay);
        return events.progressed(run, now, Step.of("attempt", clip("attempt " + run.attempts + " failed ("
                + unreachable.error() + "); trying again in " + Math.max(1, delay / 1000) + " s")))
                .chain(runs::flush).replaceWithVoid();
    }

    /** A run being cancelled: done once the agent acknowledged it, or after the retries of the cancellation. */
    private Uni<Void> cancelling(TaskRun run, RunCallKind kind, AgentReply reply, Instant now) {
        if (kind != RunCallKind.CANCEL) {
            // a send or poll that was under way when the task was cancelled: remember what it learnt, cancel next
            if (reply instanceof AgentReply.Working working) {
                remember(run, working.remoteTaskId(), working.contextId(), working.statusUrl());
            } else if (reply instanceof AgentReply.NeedsInput input) {
                remember(run, input.remoteTaskId(), input.contextId(), null);
            }
            run.nextAttemptAt = now;
            return runs.flush().replaceWithVoid();
        }
        run.attempts++;
        if (reply instanceof AgentReply.Unreachable unreachable && run.attempts < config.maxAttempts()) {
            run.lastError = unreachable.error();
            run.nextAttemptAt = now.plusMillis(new Backoff(config.backoffBase().toMillis(), config.backoffMax().toMillis())
                    .delayAfter(run.attempts, unreachable.retryAfterMillis()));
            return runs.flush().replaceWithVoid();
        }
        return finish(run, RunStatus.CANCELLED, now);
    }

    private Uni<Void> finish(TaskRun run, String status, Instant now) {
        run.status = status;
        run.finishedAt = now;
        run.pendingAnswer = null;
        return runs.flush().replaceWithVoid();
    }

    /** How often a run the agent took is asked how it goes: rarely when the agent notifies. */
    private Duration followInterval(TaskRun run) {
        return run.pushNotifications ? config.pushFollowInterval() : config.followInterval();
    }

    private Uni<Void> dispatchedIfFirst(TaskRun run, boolean first, Instant now) {
        if (!first) {
            return Uni.createFrom().voidItem();
        }
        run.dispatchedAt = now;
        run.lastActivityAt = now;
        return events.dispatched(run, now);
    }

    /** The steps the agent reported, unless they are what it reported last (a poll that found nothing new). */
    private Uni<Void> report(TaskRun run, List<Step> steps, Instant now) {
        if (steps.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String digest = digest(steps);
        if (digest.equals(run.lastReportDigest)) {
            return Uni.createFrom().voidItem();
        }
        run.lastReportDigest = digest;
        run.lastActivityAt = now;
        Uni<Void> reported = Uni.createFrom().voidItem();
        for (Step step : steps) {
            reported = reported.chain(() -> events.progressed(run, now, step));
        }
        return reported;
    }

    private static void remember(TaskRun run, String remoteTaskId, String contextId, String statusUrl) {
        if (remoteTaskId != null) {
            run.remoteTaskId = remoteTaskId.length() > 500 ? remoteTaskId.substring(0, 500) : remoteTaskId;
        }
        if (contextId != null) {
            run.remoteContextId = contextId.length() > 500 ? contextId.substring(0, 500) : contextId;
        }
        if (statusUrl != null) {
            run.remoteStatusUrl = statusUrl;
        }
    }

    private static String digest(List<Step> steps) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            steps.forEach(step -> sha.update((step.kind() + "\u0000" + step.text() + "\u0000" + step.data() + "\u0001")
                    .getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String clip(String text) {
        return text.length() <= 1000 ? text : text.substring(0, 999) + "…";
    }
}
