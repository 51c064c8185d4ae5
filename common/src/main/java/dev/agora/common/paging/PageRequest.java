package dev.agora.common.paging;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.agora.common.problem.ProblemException;

/** Validated {@code ?limit=} (default 20, 1..200) and an opaque {@code ?cursor=} split into its parts. */
public record PageRequest(int limit, String[] cursor) {
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 200;
    private static final String SEPARATOR = "|";

    public static PageRequest of(Integer limit, String cursor, int cursorParts) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw ProblemException.badRequest("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return new PageRequest(size, cursor == null || cursor.isBlank() ? null : decode(cursor, cursorParts));
    }

    public boolean hasCursor() {
        return cursor != null;
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

    private static String[] decode(String cursor, int parts) {
        try {
            String[] decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", -1);
            if (decoded.length != parts) {
                throw new IllegalArgumentException("wrong number of parts");
            }
            return decoded;
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("cursor", "is not a cursor returned by this list");
        }
    }
}
