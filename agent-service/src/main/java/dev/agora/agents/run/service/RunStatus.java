package dev.agora.agents.run.service;

import java.util.Set;

/** Where a run stands; see {@code task_runs.status}. */
public final class RunStatus {
    public static final String QUEUED = "queued";
    public static final String FOLLOWING = "following";
    public static final String INPUT_REQUIRED = "input_required";
    public static final String CANCELLING = "cancelling";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";
    public static final String DEAD_LETTERED = "dead_lettered";
    public static final Set<String> ALL = Set.of(QUEUED, FOLLOWING, INPUT_REQUIRED, CANCELLING, COMPLETED, FAILED,
            CANCELLED, DEAD_LETTERED);
    /** Finished: nothing more is sent to the agent or reported from it. */
    public static final Set<String> FINISHED = Set.of(COMPLETED, FAILED, CANCELLED);

    private RunStatus() {
    }

    public static boolean finished(String status) {
        return FINISHED.contains(status);
    }
}
