package dev.agora.deployments.deployment.service;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The deployment state machine: {@code pending → deploying → succeeded | failed}; {@code pending | deploying →
 * cancelled}; {@code succeeded → stopped}. {@code failed}, {@code cancelled} and {@code stopped} are final.
 */
public final class DeploymentStatus {
    public static final String PENDING = "pending";
    public static final String DEPLOYING = "deploying";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";
    public static final String STOPPED = "stopped";
    public static final List<String> STATUSES = List.of(PENDING, DEPLOYING, SUCCEEDED, FAILED, CANCELLED, STOPPED);

    /** pending and deploying: at most one per agent */
    public static final Set<String> ACTIVE = Set.of(PENDING, DEPLOYING);

    /** A state change: the statuses it leaves from and where it goes. */
    public enum Transition {
        START(Set.of(PENDING), DEPLOYING),
        SUCCEED(Set.of(DEPLOYING), SUCCEEDED),
        FAIL(Set.of(DEPLOYING), FAILED),
        CANCEL(Set.of(PENDING, DEPLOYING), CANCELLED),
        STOP(Set.of(SUCCEEDED), STOPPED);

        public final Set<String> from;
        public final String to;

        Transition(Set<String> from, String to) {
            this.from = from;
            this.to = to;
        }
    }

    private DeploymentStatus() {
    }

    public static boolean isKnown(String status) {
        return STATUSES.contains(status);
    }

    public static boolean canMove(String from, String to) {
        return Arrays.stream(Transition.values()).anyMatch(t -> t.to.equals(to) && t.from.contains(from));
    }

    /** Where a deployment in {@code from} may go, in {@link #STATUSES} order. */
    public static List<String> allowedFrom(String from) {
        return STATUSES.stream().filter(to -> canMove(from, to)).toList();
    }

    public static boolean isFinal(String status) {
        return allowedFrom(status).isEmpty();
    }
}
