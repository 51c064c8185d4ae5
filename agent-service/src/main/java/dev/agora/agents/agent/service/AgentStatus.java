package dev.agora.agents.agent.service;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The agent status state machine: the statuses an owner may ask for ({@code PUT /api/agents/{id}/status}) and the
 * moves between them. {@code deleted} is reached only through {@code DELETE} and never left. Asking for the current
 * status changes nothing. Deployment events move an agent the same way (started: deploying, succeeded: active,
 * failed: failed, stopped: inactive).
 */
public final class AgentStatus {
    public static final String PENDING = "pending";
    public static final String DEPLOYING = "deploying";
    public static final String ACTIVE = "active";
    public static final String PAUSED = "paused";
    public static final String INACTIVE = "inactive";
    public static final String FAILED = "failed";
    public static final String DELETED = "deleted";
    /** The statuses an owner may ask for, in the order the API lists them. */
    public static final List<String> REQUESTABLE = List.of(PENDING, DEPLOYING, ACTIVE, PAUSED, INACTIVE, FAILED);

    /** A status change: the statuses it leaves from and where it goes. */
    public enum Transition {
        DEPLOY(Set.of(PENDING, ACTIVE, PAUSED, INACTIVE, FAILED), DEPLOYING),
        ACTIVATE(Set.of(PENDING, DEPLOYING, PAUSED, INACTIVE), ACTIVE),
        PAUSE(Set.of(ACTIVE), PAUSED),
        DEACTIVATE(Set.of(PENDING, DEPLOYING, ACTIVE, PAUSED, FAILED), INACTIVE),
        FAIL(Set.of(PENDING, DEPLOYING, ACTIVE), FAILED),
        RESET(Set.of(INACTIVE, FAILED), PENDING);

        public final Set<String> from;
        public final String to;

        Transition(Set<String> from, String to) {
            this.from = from;
            this.to = to;
        }
    }

    private AgentStatus() {
    }

    public static boolean isKnown(String status) {
        return REQUESTABLE.contains(status) || DELETED.equals(status);
    }

    public static boolean canMove(String from, String to) {
        return Arrays.stream(Transition.values()).anyMatch(t -> t.to.equals(to) && t.from.contains(from));
    }

    /** Where an agent in {@code from} may go, in {@link #REQUESTABLE} order. */
    public static List<String> allowedFrom(String from) {
        return REQUESTABLE.stream().filter(to -> canMove(from, to)).toList();
    }
}
