package dev.agora.marketplace.notification.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agora.common.paging.Page;
import dev.agora.common.paging.PageRequest;
import dev.agora.common.problem.ProblemException;
import dev.agora.marketplace.notification.repository.Notification;
import dev.agora.marketplace.notification.repository.NotificationRepository;
import dev.agora.marketplace.notification.rest.NotificationView;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class NotificationService {
    public static final int CURSOR_PARTS = 3;

    private final NotificationRepository notifications;

    public NotificationService(NotificationRepository notifications) {
        this.notifications = notifications;
    }

    /** Adds a notification in the caller's transaction (the consumer's, for event-driven ones). */
    public Uni<Notification> create(UUID userId, String type, String title, String message, JsonNode data,
            String priority) {
        Notification notification = new Notification();
        notification.id = UUID.randomUUID();
        notification.userId = userId;
        notification.type = type;
        notification.title = title;
        notification.message = message;
        notification.data = data;
        notification.priority = priority;
        notification.createdAt = now();
        return notifications.persistAndFlush(notification);
    }

    /** @param readFilter null for all, false for unread only, true for read only */
    public Uni<Page<NotificationView>> list(UUID userId, Boolean readFilter, PageRequest page) {
        Boolean afterRead = page.hasCursor() ? page.booleanAt(0) : null;
        Instant afterCreatedAt = page.hasCursor() ? page.instantAt(1) : null;
        UUID afterId = page.hasCursor() ? page.uuidAt(2) : null;
        return notifications.listVisible(userId, now(), readFilter, afterRead, afterCreatedAt, afterId, page.limit() + 1)
                .map(rows -> Page.of(rows, page.limit(), NotificationView::of,
                        (Notification last) -> PageRequest.encodeCursor(last.readAt != null,
                                last.createdAt, last.id)));
    }

    /** Marks the user's notification read (the first read time is kept); someone else's answers 404. */
    @WithTransaction
    public Uni<NotificationView> markRead(UUID userId, UUID id) {
        return notifications.findVisible(id, userId, now())
                .onItem().ifNull().failWith(() -> ProblemException.notFound("notification " + id))
                .call(notification -> {
                    if (notification.readAt != null) {
                        return Uni.createFrom().voidItem();
                    }
                    notification.readAt = now();
                    return notifications.flush();
                })
                .map(NotificationView::of);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
