package dev.agora.common.paging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

import dev.agora.common.problem.ProblemException;

/**
 * Validated {@code ?limit=} (default 20, 1..200) and an opaque {@code ?cursor=} split into its parts.
 * Take {@code limit} as a String query parameter: a failed Integer conversion would answer 404, not 400.
 */
public record PageRequest(int limit, String[] cursor) {
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 200;
    private static final String SEPARATOR = "|";

    public static PageRequest of(String limit, String cursor, int cursorParts) {
        return new PageRequest(parseLimit(limit), cursor == null || cursor.isBlank() ? null : decode(cursor, cursorParts));
    }

    public boolean hasCursor() {
        return cursor != null;
    }

    public Instant instantAt(int part) {
        try {
            return Instant.parse(cursor[part]);
        } catch (DateTimeParseException e) {
            throw invalidCursor();
        }
    }

    public UUID uuidAt(int part) {
        try {
            return UUID.fromString(cursor[part]);
        } catch (IllegalArgumentException e) {
            throw invalidCursor();
        }
    }

    public boolean booleanAt(int part) {
        return switch (cursor[part]) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalidCursor();
        };
    }

    public static String encodeCursor(Object... parts) {
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                joined.append(SEPARATOR);
            }
            joined.append(parts[i]);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(joined.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static int parseLimit(String limit) {
        return limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
    }

    /** A {@code ?limit=} of a list with other bounds: {@code defaultLimit} when absent, else 1..{@code maxLimit} or 400. */
    public static int limit(String limit, int defaultLimit, int maxLimit) {
        if (limit == null || limit.isBlank()) {
            return defaultLimit;
        }
        try {
            int size = Integer.parseInt(limit.strip());
            if (size >= 1 && size <= maxLimit) {
                return size;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest("limit", "must be a whole number between 1 and " + maxLimit);
    }

    private static String[] decode(String cursor, int parts) {
        try {
            String[] decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", -1);
            if (decoded.length == parts) {
                return decoded;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw invalidCursor();
    }

    private static ProblemException invalidCursor() {
        return ProblemException.badRequest("cursor", "is not a cursor returned by this list");
    }
}
