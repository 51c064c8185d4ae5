package dev.agora.marketplace.notification.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/** Deletes expired notifications (already hidden from every read) in batches; every replica may run it. */
@ApplicationScoped
public class NotificationPurge {
    private static final Logger LOG = Logger.getLogger(NotificationPurge.class);

    private final NotificationService notifications;

    public NotificationPurge(NotificationService notifications) {
        this.notifications = notifications;
    }

    @Scheduled(every = "${agora.notifications.purge-every}", delayed = "${agora.notifications.purge-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> purgeExpired() {
        return purgeFrom(0).invoke(total -> {
            if (total > 0) {
                LOG.infof("Purged %d expired notifications", total);
            }
        }).replaceWithVoid();
    }

    /** Purges batch after batch until a batch is not full; returns the total. */
    private Uni<Integer> purgeFrom(int purgedSoFar) {
        return notifications.purgeExpiredBatch().chain(purged -> purged < notifications.purgeBatchSize()
                ? Uni.createFrom().item(purgedSoFar + purged)
                : purgeFrom(purgedSoFar + purged));
    }
}
