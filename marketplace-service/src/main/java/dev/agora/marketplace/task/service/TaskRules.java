package dev.agora.marketplace.task.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The task state machine and who may move it. */
public final class TaskRules {
    public static final String PENDING = "pending";
    public static final String IN_PROGRESS = "in_progress";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";
    public static final List<String> STATUSES = List.of(PENDING, IN_PROGRESS, COMPLETED, FAILED, CANCELLED);
    /** The statuses of a task not finished yet: a due date that passes fails it. */
    public static final List<String> OPEN = List.of(PENDING, IN_PROGRESS);
    public static final List<String> PRIORITIES = List.of("low", "medium", "high", "urgent");
    public static final List<String> PAYMENT_TYPES = List.of("fixed", "hourly", "subscription");
    /** The payment types whose budget the ledger escrows; the others are accepted only without a budget. */
    public static final List<String> ESCROWED_PAYMENT_TYPES = List.of("fixed");
    public static final int MAX_TITLE = 200;
    public static final int MAX_DESCRIPTION = 10_000;
    public static final int MAX_TASK_TYPE = 50;
    public static final int MAX_REASON = 1_000;

    /** Who acts on a task. */
    public enum Actor {
        HIRER, OWNER
    }

    /** A state change: the statuses it leaves from, where it goes, and who may make it. */
    public enum Transition {
        START(Set.of(PENDING), IN_PROGRESS, Actor.OWNER, "agora.task.started.v1"),
        COMPLETE(Set.of(IN_PROGRESS), COMPLETED, Actor.OWNER, "agora.task.completed.v1"),
        FAIL(Set.of(IN_PROGRESS), FAILED, Actor.OWNER, "agora.task.failed.v1"),
        CANCEL(Set.of(PENDING, IN_PROGRESS), CANCELLED, Actor.HIRER, "agora.task.cancelled.v1");

        public final Set<String> from;
        public final String to;
        public final Actor actor;
        public final String eventType;

        Transition(Set<String> from, String to, Actor actor, String eventType) {
            this.from = from;
            this.to = to;
            this.actor = actor;
            this.eventType = eventType;
        }
    }

    /**
     * The statuses the platform (a move no user made: an agent's run reported by {@code agents.v1}, a due date that
     * passed) may make {@code transition} from. It fails any open task, pending included (the agent rejected the work
     * before starting it); its other moves leave from the same statuses as the parties' ones.
     */
    public static Set<String> platformFrom(Transition transition) {
        return transition == Transition.FAIL ? Set.copyOf(OPEN) : transition.from;
    }

    public static final Map<String, String> VERBS = Map.of("start", "START", "complete", "COMPLETE", "fail", "FAIL",
            "cancel", "CANCEL");

    /** The failure reason of a task failed because its due date passed. */
    public static String pastDueReason(Instant dueDate) {
        return "past its due date (" + dueDate + ")";
    }

    private TaskRules() {
    }
}
