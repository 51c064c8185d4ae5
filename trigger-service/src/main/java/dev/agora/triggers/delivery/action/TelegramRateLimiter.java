package dev.agora.triggers.delivery.action;

import java.time.Duration;

import dev.agora.triggers.delivery.repository.TelegramSlotRepository;
import dev.agora.triggers.delivery.repository.TelegramSlotRepository.Slot;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Telegram's limits across every replica: at most {@code perSecond} messages a second overall and one per
 * {@code perChatInterval} in a chat. Each message reserves its send slot in the shared database, so replicas hold
 * nothing of their own: two limiters (two replicas) hand out slots as one would. Over the limit a message gets a later
 * slot, it is never dropped.
 */
public final class TelegramRateLimiter {
    private final TelegramSlotRepository slots;
    private final long spacingMicros;
    private final long perChatMicros;

    public TelegramRateLimiter(TelegramSlotRepository slots, int perSecond, Duration perChatInterval) {
        this.slots = slots;
        this.spacingMicros = (1_000_000L + perSecond - 1) / perSecond;
        this.perChatMicros = (perChatInterval.toNanos() + 999) / 1000;
    }

    /** The next slot free under both limits for {@code chatId}, reserved (in its own transaction). */
    public Uni<Slot> reserve(String chatId) {
        return Panache.withTransaction(() -> slots.reserve(chatId, perChatMicros, spacingMicros));
    }
}
