package dev.agora.common.reconciliation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How a projection is compared with its recomputation in SQL: a query whose last CTE is
 * {@code compared(key text, differs boolean)}, one row per key found on either side, ends with {@link #SUMMARY}.
 */
public final class Comparison {
    public static final String SUMMARY = " select count(*), count(*) filter (where differs),"
            + " array_to_string((array_agg(key order by key) filter (where differs))[1:"
            + ProjectionDifferences.MAX_EXAMPLES + "], ' ') from compared";

    private Comparison() {
    }

    /** The row {@link #SUMMARY} returns, as the findings for {@code projection}. */
    public static ProjectionDifferences summary(String projection, Object[] row) {
        String keys = (String) row[2];
        return new ProjectionDifferences(projection, ((Number) row[0]).longValue(), ((Number) row[1]).longValue(),
                keys == null || keys.isEmpty() ? List.of() : Arrays.asList(keys.split(" ")));
    }

    /** Several comparisons of one projection (one per board, say) as one. */
    public static ProjectionDifferences combined(String projection, List<ProjectionDifferences> parts) {
        long compared = 0;
        long differences = 0;
        List<String> examples = new ArrayList<>();
        for (ProjectionDifferences part : parts) {
            compared += part.compared();
            differences += part.differences();
            part.examples().stream().limit(ProjectionDifferences.MAX_EXAMPLES - (long) examples.size())
                    .forEach(examples::add);
        }
        return new ProjectionDifferences(projection, compared, differences, examples);
    }
}
