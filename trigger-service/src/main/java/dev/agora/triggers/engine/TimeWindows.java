package dev.agora.triggers.engine;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Window lengths written as {@code 30s}, {@code 15m}, {@code 1h}, {@code 1d}. */
public final class TimeWindows {
    public static final long MAX_MILLIS = 30L * 24 * 3600 * 1000;
    private static final Pattern WINDOW = Pattern.compile("^([1-9][0-9]{0,6})([smhd])$");

    private TimeWindows() {
    }

    /** The window in milliseconds, or -1 when the text is not a window of at most 30 days. */
    public static long parseMillis(String text) {
        Matcher matcher = text == null ? null : WINDOW.matcher(text.strip());
        if (matcher == null || !matcher.matches()) {
            return -1;
        }
        long amount = Long.parseLong(matcher.group(1));
        long unit = switch (matcher.group(2)) {
            case "s" -> 1000L;
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            default -> 86_400_000L;
        };
        long millis = amount * unit;
        return millis <= MAX_MILLIS ? millis : -1;
    }
}
