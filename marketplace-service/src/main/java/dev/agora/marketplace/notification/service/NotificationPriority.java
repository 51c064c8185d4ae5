package dev.agora.marketplace.notification.service;

/** Priorities of seed 001's notifications check: low, medium, high, critical. */
public final class NotificationPriority {
    public static final String LOW = "low";
    public static final String MEDIUM = "medium";
    public static final String HIGH = "high";
    public static final String CRITICAL = "critical";

    private NotificationPriority() {
    }

    /** Seed 001's notify_agent_status_change map, with Agora's {@code failed} beside the seed's {@code error}. */
    public static String forAgentStatus(String newStatus) {
        if (newStatus == null) {
            return LOW;
        }
        return switch (newStatus) {
            case "failed", "error" -> HIGH;
            case "active" -> MEDIUM;
            default -> LOW;
        };
    }
}
