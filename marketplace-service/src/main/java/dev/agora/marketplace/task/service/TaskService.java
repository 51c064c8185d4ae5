package dev.agora.marketplace.task.service;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.common.events.Topics;
import dev.agora.common.outbox.OutboxWriter;
import dev.agora.common.outbox.WithOutboxTransaction;
import dev.agora.common.paging.Page;
import dev.agora.common.paging.PageRequest;
import dev.agora.common.problem.FieldError;
import dev.agora.common.problem.ProblemException;
import dev.agora.marketplace.catalog.repository.CatalogAgentRepository;
import dev.agora.marketplace.ledger.service.LedgerService;
import dev.agora.marketplace.ledger.service.Microalgo;
import dev.agora.marketplace.profile.service.ReputationService;
import dev.agora.marketplace.task.events.TaskEvents;
import dev.agora.marketplace.task.repository.Task;
import dev.agora.marketplace.task.repository.TaskRepository;
import dev.agora.marketplace.task.model.CreateTaskRequest;
import dev.agora.marketplace.task.model.TaskDetailView;
import dev.agora.marketplace.task.model.TaskView;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** Hiring: tasks and their state machine. Every change writes its event to the outbox in the same transaction. */
@ApplicationScoped
public class TaskService {
    public static final int CURSOR_PARTS = 2;
    private static final BigDecimal MAX_BUDGET = new BigDecimal("999999999.999999999");

    private final TaskRepository tasks;
    private final CatalogAgentRepository agents;
    private final OutboxWriter outbox;
    private final ReputationService reputation;
    private final LedgerService ledger;
    private final TaskDetails details;

    public TaskService(TaskRepository tasks, CatalogAgentRepository agents, OutboxWriter outbox,
            ReputationService reputation, LedgerService ledger, TaskDetails details) {
        this.tasks = tasks;
        this.agents = agents;
        this.outbox = outbox;
        this.reputation = reputation;
        this.ledger = ledger;
        this.details = details;
    }

    /**
     * A hire of a listed agent by anyone but its owner (its event counts as a hire of the agent, for popularity). A
     * priced hire reserves its budget from the hirer's balance into the task's escrow in the same transaction.
     */
    @WithOutboxTransaction
    public Uni<TaskView> create(UUID hirerId, CreateTaskRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("body", "a JSON object is required");
        }
        validate(request);
        return agents.findListed(request.agentId())
                .onItem().ifNull().failWith(() -> ProblemException.notFound("agent " + request.agentId()))
                .chain(agent -> {
                    if (agent.ownerId.equals(hirerId)) {
                        throw ProblemException.conflict("agentId", "an owner cannot hire their own agent");
                    }
                    Task task = new Task();
                    task.id = UUID.randomUUID();
                    task.agentId = agent.id;
                    task.hirerId = hirerId;
                    task.ownerId = agent.ownerId;
                    task.title = request.title().strip();
                    task.description = request.description().strip();
                    task.taskType = blankToNull(request.taskType());
                    task.status = TaskRules.PENDING;
                    task.priority = request.priority() == null ? "medium" : request.priority();
                    task.budget = request.budget();
                    task.paymentType = request.paymentType() == null ? "fixed" : request.paymentType();
                    task.dueDate = request.dueDate() == null ? null : request.dueDate().truncatedTo(ChronoUnit.MICROS);
                    task.createdAt = now();
                    task.updatedAt = task.createdAt;
                    return tasks.persistAndFlush(task)
                            .map(TaskView::of)
                            .call(view -> outbox.append(Topics.MARKETPLACE, TaskEvents.CREATED, view.agentId(),
                                    TaskEvents.TaskEvent.of(view, hirerId), TaskEvents.audience(view)))
                            .call(() -> ledger.reserve(task));
                });
    }

    /** One task with its run ({@code execution}) and its money ({@code payments}), for its two parties only. */
    @WithSession
    public Uni<TaskDetailView> get(UUID userId, UUID id) {
        return visible(userId, tasks.findById(id), id).chain(details::of);
    }

    /** My tasks as hirer, or ({@code asOwner}) the tasks of my agents, newest first. */
    @WithSession
    public Uni<Page<TaskView>> list(UUID userId, boolean asOwner, String status, PageRequest page) {
        if (status != null && !TaskRules.STATUSES.contains(status)) {
            throw ProblemException.badRequest("status", "must be one of " + TaskRules.STATUSES);
        }
        Instant afterCreatedAt = page.hasCursor() ? page.instantAt(0) : null;
        UUID afterId = page.hasCursor() ? page.uuidAt(1) : null;
        return tasks.listFor(userId, asOwner, status, afterCreatedAt, afterId, page.limit() + 1)
                .map(rows -> Page.of(rows, page.limit(), TaskView::of,
                        (Task last) -> PageRequest.encodeCursor(last.createdAt, last.id)));
    }

    /**
     * Moves a task: only its two parties see it (anyone else: 404), only the right one may make the move, and only
     * from the statuses the move leaves from (otherwise 409).
     */
    @WithOutboxTransaction
    public Uni<TaskView> transition(UUID userId, UUID id, TaskRules.Transition transition, String reason) {
        if (reason != null && reason.length() > TaskRules.MAX_REASON) {
            throw ProblemException.badRequest("reason", "must be at most " + TaskRules.MAX_REASON + " characters");
        }
        return visible(userId, tasks.findForUpdate(id), id).chain(task -> {
            UUID expected = transition.actor == TaskRules.Actor.OWNER ? task.ownerId : task.hirerId;
            if (!expected.equals(userId)) {
                throw ProblemException.conflict("only the " + (transition.actor == TaskRules.Actor.OWNER
                        ? "agent's owner" : "hirer") + " may " + transition.name().toLowerCase() + " this task");
            }
            if (!transition.from.contains(task.status)) {
                throw ProblemException.conflict("status", "a " + task.status + " task cannot be moved to "
                        + transition.to + " (only from " + String.join(" or ", transition.from) + ")");
            }
            return apply(task, transition, userId, reason);
        });
    }

    /**
     * Fails up to {@code limit} not-finished (pending or in progress) tasks whose due date is before {@code now},
     * skipping those another transaction holds (another replica's sweep, a concurrent move): each is failed once,
     * with its reason, its event, its notifications and its refund, as a manual failure is. How many were failed.
     */
    @WithOutboxTransaction
    public Uni<Integer> failOverdue(Instant now, int limit) {
        return tasks.lockOverdue(now, limit).chain(overdue -> {
            Uni<Void> failed = Uni.createFrom().voidItem();
            for (Task task : overdue) {
                failed = failed.chain(() -> apply(task, TaskRules.Transition.FAIL, TaskEvents.PLATFORM_ACTOR,
                        TaskRules.pastDueReason(task.dueDate)).replaceWithVoid());
            }
            return failed.replaceWith(overdue.size());
        });
    }

    /**
     * The platform's move ({@code actorId} {@link TaskEvents#PLATFORM_ACTOR}) on a task the caller locked, in the
     * caller's transaction (the consumer's of an agent's run): the same move as a party's, with its event, the owner's
     * record and the money, from the statuses {@link TaskRules#platformFrom} allows; a task in another status is left
     * as it is (null).
     */
    public Uni<TaskView> moveByPlatform(Task task, TaskRules.Transition transition, String reason) {
        if (!TaskRules.platformFrom(transition).contains(task.status)) {
            return Uni.createFrom().nullItem();
        }
        if (reason != null && reason.length() > TaskRules.MAX_REASON) {
            reason = reason.substring(0, TaskRules.MAX_REASON);
        }
        return apply(task, transition, TaskEvents.PLATFORM_ACTOR, reason);
    }

    /** Makes the move on a task locked by the caller: its status and times, the owner's record, the event, the money. */
    private Uni<TaskView> apply(Task task, TaskRules.Transition transition, UUID actorId, String reason) {
        Instant now = now();
        task.status = transition.to;
        task.updatedAt = now;
        if (transition == TaskRules.Transition.START) {
            task.startedAt = now;
        } else {
            task.finishedAt = now;
        }
        if (transition == TaskRules.Transition.FAIL || transition == TaskRules.Transition.CANCEL) {
            task.failureReason = blankToNull(reason);
        }
        boolean ownerRecordChanged = transition == TaskRules.Transition.COMPLETE
                || transition == TaskRules.Transition.FAIL;
        return tasks.flush()
                .call(() -> ownerRecordChanged ? reputation.refresh(task.ownerId) : Uni.createFrom().voidItem())
                .map(ignored -> TaskView.of(task))
                .call(view -> outbox.append(Topics.MARKETPLACE, transition.eventType, view.agentId(),
                        TaskEvents.TaskEvent.of(view, actorId), TaskEvents.audience(view)))
                .call(() -> money(task, transition, actorId));
    }

    /** Money follows the work: completion pays the owner, failure and cancellation refund the hirer. */
    private Uni<Void> money(Task task, TaskRules.Transition transition, UUID actorId) {
        return switch (transition) {
            case COMPLETE -> ledger.release(task, actorId);
            case FAIL, CANCEL -> ledger.refund(task, actorId);
            case START -> Uni.createFrom().voidItem();
        };
    }

    private static Uni<Task> visible(UUID userId, Uni<Task> lookup, UUID id) {
        return lookup.map(task -> {
            if (task == null || !task.involves(userId)) {
                throw ProblemException.notFound("task " + id);
            }
            return task;
        });
    }

    private static void validate(CreateTaskRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request.agentId() == null) {
            errors.add(new FieldError("agentId", "is required"));
        }
        text(errors, "title", request.title(), TaskRules.MAX_TITLE, true);
        text(errors, "description", request.description(), TaskRules.MAX_DESCRIPTION, true);
        text(errors, "taskType", request.taskType(), TaskRules.MAX_TASK_TYPE, false);
        if (request.priority() != null && !TaskRules.PRIORITIES.contains(request.priority())) {
            errors.add(new FieldError("priority", "must be one of " + TaskRules.PRIORITIES));
        }
        if (request.paymentType() != null && !TaskRules.PAYMENT_TYPES.contains(request.paymentType())) {
            errors.add(new FieldError("paymentType", "must be one of " + TaskRules.PAYMENT_TYPES));
        }
        BigDecimal budget = request.budget();
        if (budget != null && (budget.signum() < 0 || budget.scale() > 9 || budget.compareTo(MAX_BUDGET) > 0)) {
            errors.add(new FieldError("budget", "must be an amount from 0 to " + MAX_BUDGET + " with at most 9 decimals"));
        } else if (budget != null && budget.signum() > 0) {
            if (!Microalgo.isWhole(budget)) {
                errors.add(new FieldError("budget", "a budget is paid in whole microALGO"));
            }
            String paymentType = request.paymentType() == null ? "fixed" : request.paymentType();
            if (TaskRules.PAYMENT_TYPES.contains(paymentType) && !TaskRules.ESCROWED_PAYMENT_TYPES.contains(paymentType)) {
                errors.add(new FieldError("paymentType", "a budget is escrowed for fixed-price tasks only; "
                        + paymentType + " hires are made without a budget"));
            }
        }
        if (request.dueDate() != null && request.dueDate().isBefore(Instant.now())) {
            errors.add(new FieldError("dueDate", "must be in the future"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    private static void text(List<FieldError> errors, String field, String value, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
        } else if (value.strip().length() > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
