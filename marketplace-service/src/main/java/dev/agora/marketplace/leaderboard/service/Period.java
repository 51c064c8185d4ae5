package dev.agora.marketplace.leaderboard.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A leaderboard window, in whole hours ending with the current hour (so windows roll continuously, hour by hour). */
public enum Period {
    DAILY("daily", 24),
    WEEKLY("weekly", 7 * 24),
    MONTHLY("monthly", 30 * 24),
    ALL_TIME("all_time", 0);

    /** The first hour of "all time": older than any fact. */
    private static final Instant BEGINNING = Instant.parse("1970-01-01T00:00:00Z");
    public static final List<String> NAMES = Arrays.stream(values()).map(p -> p.name).toList();
    public static final List<String> ROLLING = Arrays.stream(values()).filter(p -> p.hours > 0).map(p -> p.name).toList();

    public final String name;
    private final int hours;

    Period(String name, int hours) {
        this.name = name;
        this.hours = hours;
    }

    /** The first hour bucket inside the window at {@code now} (the current hour counts as one of its hours). */
    public Instant since(Instant now) {
        return hours == 0 ? BEGINNING : now.truncatedTo(ChronoUnit.HOURS).minus(hours - 1L, ChronoUnit.HOURS);
    }

    public static Optional<Period> of(String name) {
        return Arrays.stream(values()).filter(p -> p.name.equals(name)).findFirst();
    }
}
