package dev.agora.marketplace.notification.service;

/** Priorities of notifications: low, medium, high, critical. */
public final class NotificationPriority {
    public static final String LOW = "low";
    public static final String MEDIUM = "medium";
    public static final String HIGH = "high";
    public static final String CRITICAL = "critical";

    private NotificationPriority() {
    }

    /** Agent status → priority: failed (or error) high, active medium, else low. */
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
