package dev.agora.triggers.delivery.action;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** {@code Retry-After}: delay seconds or an HTTP date; at most a day, never negative. */
public final class RetryAfter {
    private static final long MAX = Duration.ofDays(1).toMillis();

    private RetryAfter() {
    }

    public static Long millis(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        try {
            return Math.min(MAX, Math.max(0, Long.parseLong(value) * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Math.min(MAX, Math.max(0, Duration.between(Instant.now(), at).toMillis()));
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }
}
