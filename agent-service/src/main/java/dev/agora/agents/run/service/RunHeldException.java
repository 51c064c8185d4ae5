package dev.agora.agents.run.service;

import java.util.List;

import dev.agora.common.problem.ProblemException;

/** A report about a run that a worker's call holds right now: 503, to be sent again after {@link #RETRY_AFTER_SECONDS}. */
public class RunHeldException extends ProblemException {
    public static final int RETRY_AFTER_SECONDS = 1;

    public RunHeldException() {
        super(503, "Service Unavailable", "the platform is asking the agent about this task right now: send the report"
                + " again in " + RETRY_AFTER_SECONDS + " s", List.of());
    }
}
