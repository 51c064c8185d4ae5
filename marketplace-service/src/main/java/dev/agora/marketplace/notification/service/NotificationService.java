package dev.agora.marketplace.notification.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.agora.common.paging.Page;
import dev.agora.common.paging.PageRequest;
import dev.agora.common.problem.ProblemException;
import dev.agora.marketplace.notification.repository.Notification;
import dev.agora.marketplace.notification.repository.NotificationFilter;
import dev.agora.marketplace.notification.repository.NotificationRepository;
import dev.agora.marketplace.notification.model.NotificationView;
import dev.agora.marketplace.stream.service.StreamSignals;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class NotificationService {
    private static final Logger LOG = Logger.getLogger(NotificationService.class);
    public static final int CURSOR_PARTS = 3;

    private final NotificationRepository notifications;
    private final StreamSignals streams;
    private final NotificationConfig config;

    public NotificationService(NotificationRepository notifications, StreamSignals streams, NotificationConfig config) {
        this.notifications = notifications;
        this.streams = streams;
        this.config = config;
    }

    /**
     * Adds a notification in the caller's transaction (the consumer's) unless it exists, and signals the live
     * streams, which see it once that transaction commits. True when it is new.
     */
    public Uni<Boolean> create(NewNotification request) {
        if (!request.recipientInAudience()) {
            LOG.warnf("Not notifying user %s of an event outside its audience (%s)", request.userId(), request.type());
            return Uni.createFrom().item(false);
        }
        Instant now = now();
        Notification row = new Notification();
        row.id = request.id();
        row.userId = request.userId();
        row.type = request.type();
        row.title = request.title();
        row.message = request.message();
        row.priority = request.priority();
        row.createdAt = now;
        row.expiresAt = now.plus(config.retention());
        String data = request.data() == null ? "{}" : request.data().toString();
        return notifications.insertIfAbsent(row, data)
                .call(inserted -> inserted ? streams.notification(row.userId, row.id) : Uni.createFrom().voidItem());
    }

    @WithSession
    public Uni<Page<NotificationView>> list(UUID userId, NotificationFilter filter, PageRequest page) {
        Boolean afterRead = page.hasCursor() ? page.booleanAt(0) : null;
        Instant afterCreatedAt = page.hasCursor() ? page.instantAt(1) : null;
        UUID afterId = page.hasCursor() ? page.uuidAt(2) : null;
        return notifications.listVisible(userId, now(), filter, afterRead, afterCreatedAt, afterId, page.limit() + 1)
                .map(rows -> Page.of(rows, page.limit(), NotificationView::of,
                        (Notification last) -> PageRequest.encodeCursor(last.readAt != null,
                                last.createdAt, last.id)));
    }

    @WithSession
    public Uni<Long> unreadCount(UUID userId) {
        return notifications.countUnread(userId, now());
    }

    /** Marks the user's notification read (the first read time is kept); someone else's answers 404. */
    @WithTransaction
    public Uni<NotificationView> markRead(UUID userId, UUID id) {
        return notifications.findVisible(id, userId, now())
                .onItem().ifNull().failWith(() -> notFound(id))
                .call(notification -> {
                    if (notification.readAt != null) {
                        return Uni.createFrom().voidItem();
                    }
                    notification.readAt = now();
                    return notifications.flush();
                })
                .map(NotificationView::of);
    }

    /** Marks all the user's unread notifications read; returns how many. */
    @WithTransaction
    public Uni<Integer> markAllRead(UUID userId) {
        return notifications.markAllRead(userId, now());
    }

    @WithTransaction
    public Uni<Void> delete(UUID userId, UUID id) {
        return notifications.deleteVisible(id, userId, now()).invoke(deleted -> {
            if (!deleted) {
                throw notFound(id);
            }
        }).replaceWithVoid();
    }

    /** Deletes up to one batch of expired notifications; returns how many. */
    @WithTransaction
    public Uni<Integer> purgeExpiredBatch() {
        return notifications.purgeExpired(now(), config.purgeBatchSize());
    }

    public int purgeBatchSize() {
        return config.purgeBatchSize();
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("notification " + id);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
