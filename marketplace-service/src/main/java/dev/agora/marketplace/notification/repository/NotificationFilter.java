package dev.agora.marketplace.notification.repository;

/**
 * Filters of the feed.
 *
 * @param read null for all, false for unread only, true for read only
 * @param priority null or one priority
 * @param type null or one type
 */
public record NotificationFilter(Boolean read, String priority, String type) {
}
