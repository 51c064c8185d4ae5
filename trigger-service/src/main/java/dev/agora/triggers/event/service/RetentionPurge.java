package dev.agora.triggers.event.service;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.agora.triggers.delivery.repository.ActionResultRepository;
import dev.agora.triggers.delivery.repository.TelegramSlotRepository;
import dev.agora.triggers.evaluation.repository.FiringRepository;
import dev.agora.triggers.event.repository.ChainEventRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Removes chain events, firings (with their action jobs) and action results older than their configured ages, and the
 * Telegram send slots of chats idle for an hour, on a schedule.
 */
@ApplicationScoped
public class RetentionPurge {
    private static final Logger LOG = Logger.getLogger(RetentionPurge.class);

    private final ChainEventRepository events;
    private final FiringRepository firings;
    private final Duration eventAge;
    private final Duration firingAge;
    private final ActionResultRepository results;
    private final Duration resultAge;
    private final TelegramSlotRepository telegramSlots;

    public RetentionPurge(ChainEventRepository events, FiringRepository firings,
            @ConfigProperty(name = "agora.triggers.retention.events") Duration eventAge,
            @ConfigProperty(name = "agora.triggers.retention.firings") Duration firingAge, ActionResultRepository results,
            @ConfigProperty(name = "agora.triggers.retention.results") Duration resultAge,
            TelegramSlotRepository telegramSlots) {
        this.telegramSlots = telegramSlots;
        this.results = results;
        this.resultAge = resultAge;
        this.events = events;
        this.firings = firings;
        this.eventAge = eventAge;
        this.firingAge = firingAge;
    }

    @Scheduled(every = "${agora.triggers.retention.schedule}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return purge(Instant.now()).replaceWithVoid();
    }

    /** Purges what is too old at {@code now}; returns the events and firings removed. */
    public Uni<long[]> purge(Instant now) {
        return Panache.withTransaction(() -> events.purgeStoredBefore(now.minus(eventAge))
                .chain(removedEvents -> firings.purgeFiredBefore(now.minus(firingAge))
                        .map(removedFirings -> new long[] { removedEvents, removedFirings }))
                .call(() -> results.purgeExecutedBefore(now.minus(resultAge)))
                .call(telegramSlots::purgeIdleChats))
                .invoke(removed -> {
                    if (removed[0] + removed[1] > 0) {
                        LOG.infof("Retention purge: %d events, %d firings", removed[0], removed[1]);
                    }
                });
    }
}
