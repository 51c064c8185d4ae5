package dev.agora.common.paging;

import java.util.List;
import java.util.function.Function;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A page of a keyset-paginated list: {@code {"items": [...], "nextCursor": "..."|null}}. */
@RegisterForReflection
public record Page<T>(List<T> items, String nextCursor) {

    /**
     * Builds a page from rows fetched with {@code limit + 1}: the extra row only tells that there is more,
     * and the cursor points after the last row returned.
     */
    public static <R, T> Page<T> of(List<R> rows, int limit, Function<R, T> toItem, Function<R, String> cursorOf) {
        boolean more = rows.size() > limit;
        List<R> page = more ? rows.subList(0, limit) : rows;
        String next = more ? cursorOf.apply(page.get(page.size() - 1)) : null;
        return new Page<>(page.stream().map(toItem).toList(), next);
    }
}
