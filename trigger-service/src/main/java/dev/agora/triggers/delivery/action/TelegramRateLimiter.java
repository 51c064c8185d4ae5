package dev.agora.triggers.delivery.action;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Telegram's limits, per replica: messages spaced so that at most {@code perSecond} leave per second overall, and at
 * least {@code perChatNanos} apart in one chat. A message over the limit is given a later slot (it waits), never dropped.
 */
public final class TelegramRateLimiter {
    private final long spacingNanos;
    private final long perChatNanos;
    private final Map<String, Long> chatNext = new HashMap<>();
    private long globalNext;

    public TelegramRateLimiter(int perSecond, long perChatNanos) {
        this.spacingNanos = (1_000_000_000L + perSecond - 1) / perSecond;
        this.perChatNanos = perChatNanos;
    }

    /** Reserves the next slot for {@code chat}; returns how long to wait for it, in nanoseconds. */
    public synchronized long reserve(String chat, long nowNanos) {
        long at = Math.max(nowNanos, Math.max(globalNext, chatNext.getOrDefault(chat, Long.MIN_VALUE)));
        globalNext = at + spacingNanos;
        chatNext.put(chat, at + perChatNanos);
        if (chatNext.size() > 10_000) {
            for (Iterator<Long> next = chatNext.values().iterator(); next.hasNext();) {
                if (next.next() < nowNanos) {
                    next.remove();
                }
            }
        }
        return at - nowNanos;
    }
}
