package dev.agora.agents.run.service;

import java.util.List;

import dev.agora.agents.run.events.TaskRunEvents.Step;
import dev.agora.agents.run.events.TaskRunEvents.TaskResult;

/** What one call to an agent came to. */
public sealed interface AgentReply {

    /**
     * The agent took the work and is still at it; {@code statusUrl} is where an HTTP agent reports it;
     * {@code pushNotifications}: the agent was asked to notify the platform when the work changes (A2A push).
     */
    record Working(String remoteTaskId, String contextId, String statusUrl, List<Step> steps, boolean pushNotifications)
            implements AgentReply {
        public Working(String remoteTaskId, String contextId, String statusUrl, List<Step> steps) {
            this(remoteTaskId, contextId, statusUrl, steps, false);
        }
    }

    /** The agent asks the hirer something ({@code reason}: input-required or auth-required). */
    record NeedsInput(String remoteTaskId, String contextId, String question, String reason, List<Step> steps)
            implements AgentReply {
    }

    record Done(String remoteTaskId, TaskResult result, List<Step> steps) implements AgentReply {
    }

    /** The work cannot be done: the agent failed or refused it, or answered something unusable. Not retried. */
    record Refused(String code, String reason) implements AgentReply {
    }

    /** The agent could not be reached or answered with a passing error (timeout, 429, 5xx): retried with backoff. */
    record Unreachable(String error, Long retryAfterMillis) implements AgentReply {
        public Unreachable(String error) {
            this(error, null);
        }
    }

    /** The agent acknowledged a cancellation (or had nothing left to cancel). */
    record Cancelled() implements AgentReply {
    }

    static Refused malformed(String what) {
        return new Refused(FailureCodes.MALFORMED_RESPONSE, "the agent's answer is unusable: " + what);
    }
}
