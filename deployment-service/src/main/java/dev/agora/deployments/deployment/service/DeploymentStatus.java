package dev.agora.deployments.deployment.service;

import java.util.Map;
import java.util.Set;

/**
 * The one state machine of a deployment:
 * {@code pending → deploying → succeeded | failed}; {@code pending | deploying → cancelled}; {@code succeeded → stopped}.
 * {@code failed}, {@code cancelled} and {@code stopped} are final.
 */
public final class DeploymentStatus {
    public static final String PENDING = "pending";
    public static final String DEPLOYING = "deploying";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";
    public static final String STOPPED = "stopped";

    public static final Map<String, Set<String>> TRANSITIONS = Map.of(
            PENDING, Set.of(DEPLOYING, CANCELLED),
            DEPLOYING, Set.of(SUCCEEDED, FAILED, CANCELLED),
            SUCCEEDED, Set.of(STOPPED),
            FAILED, Set.of(),
            CANCELLED, Set.of(),
            STOPPED, Set.of());

    /** pending and deploying: at most one per agent */
    public static final Set<String> ACTIVE = Set.of(PENDING, DEPLOYING);

    private DeploymentStatus() {
    }

    public static boolean isKnown(String status) {
        return TRANSITIONS.containsKey(status);
    }

    public static boolean canMove(String from, String to) {
        return TRANSITIONS.getOrDefault(from, Set.of()).contains(to);
    }

    public static boolean isFinal(String status) {
        return TRANSITIONS.getOrDefault(status, Set.of()).isEmpty();
    }
}
