package dev.agora.triggers.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;

import dev.agora.triggers.delivery.action.RetryAfter;

class RetryAfterTest {

    @Test
    void secondsAreReadAsADelayNeverNegativeAndAtMostADay() {
        assertEquals(120_000L, RetryAfter.millis(" 120 "));
        assertEquals(0L, RetryAfter.millis("-5"));
        assertEquals(Duration.ofDays(1).toMillis(), RetryAfter.millis("999999"));
    }

    @Test
    void anHttpDateIsReadAsTheTimeUntilIt() {
        String inAMinute = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(60).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        long millis = RetryAfter.millis(inAMinute);
        assertTrue(millis > 55_000 && millis <= 60_000, "waits " + millis);
        String past = ZonedDateTime.now(ZoneOffset.UTC).minusHours(1).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        assertEquals(0L, RetryAfter.millis(past));
    }

    @Test
    void anythingElseIsNoAdvice() {
        assertNull(RetryAfter.millis(null));
        assertNull(RetryAfter.millis(" "));
        assertNull(RetryAfter.millis("soon"));
    }
}
