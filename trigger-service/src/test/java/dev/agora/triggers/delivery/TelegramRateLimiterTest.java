package dev.agora.triggers.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.agora.triggers.delivery.action.TelegramRateLimiter;

/** 30 messages a second overall, one a second per chat: later messages get later slots, none is dropped. */
class TelegramRateLimiterTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void spacesMessagesOfOneChatASecondApart() {
        TelegramRateLimiter limiter = new TelegramRateLimiter(30, SECOND);
        assertEquals(0, limiter.reserve("1", 0));
        assertEquals(SECOND, limiter.reserve("1", 0));
        assertEquals(2 * SECOND, limiter.reserve("1", 0));
        // once the slot has passed, no wait
        assertEquals(0, limiter.reserve("1", 5 * SECOND));
    }

    @Test
    void letsAtMostThirtyMessagesASecondLeaveOverall() {
        TelegramRateLimiter limiter = new TelegramRateLimiter(30, SECOND);
        long last = 0;
        for (int chat = 0; chat < 31; chat++) {
            last = limiter.reserve("chat-" + chat, 0);
        }
        // the 31st message waits until a second has passed since the first
        assertEquals(30 * ((SECOND + 29) / 30), last);
        assertEquals(true, last >= SECOND);
    }
}
