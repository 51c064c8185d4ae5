package dev.agora.marketplace.catalog.repository;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.marketplace.catalog.model.AgentProfileView;
import dev.agora.marketplace.catalog.service.CatalogFilter;
import dev.agora.marketplace.catalog.service.CatalogSort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The public catalog's reads, in SQL on the reactive client: they select a computed sort key (the search rank)
 * beside the row, which an entity query cannot return.
 */
@ApplicationScoped
public class CatalogSearchRepository {
    private final Pool pool;

    public CatalogSearchRepository(Pool pool) {
        this.pool = pool;
    }

    /** A row and the value of its sort key (the cursor's key). */
    public record Hit(CatalogRow row, String sortKey) {
    }

    public Uni<List<Hit>> page(CatalogFilter filter, CatalogSort sort, Object afterKey, UUID afterId, int limit) {
        return run(CatalogSql.page(filter, sort, afterKey, afterId, limit))
                .map(rows -> stream(rows).map(row -> new Hit(CatalogRow.of(row), sortKey(row, sort))).toList());
    }

    public Uni<Map<String, Long>> facets(CatalogSql.Statement statement) {
        return run(statement).map(rows -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            stream(rows).forEach(row -> counts.put(row.getString("facet"), row.getLong("total")));
            return counts;
        });
    }

    /** A listed agent by id or by slug. */
    public Uni<CatalogRow> findListed(UUID id, String slug) {
        String sql = "select " + CatalogSql.CARD_COLUMNS + " from catalog_agents where listed and "
                + (id != null ? "agent_id = $1" : "slug = $1") + " order by updated_at desc limit 1";
        return pool.preparedQuery(sql).execute(Tuple.of(id != null ? id : slug))
                .map(rows -> stream(rows).findFirst().map(CatalogRow::of).orElse(null));
    }

    /** Reviews per star, sub-rating means (two decimals) and how many would hire again. */
    public Uni<AgentProfileView.RatingBreakdown> ratingBreakdown(UUID agentId) {
        String sql = "select count(*) filter (where rating = 1) as r1, count(*) filter (where rating = 2) as r2,"
                + " count(*) filter (where rating = 3) as r3, count(*) filter (where rating = 4) as r4,"
                + " count(*) filter (where rating = 5) as r5,"
                + " round(avg(response_time_rating), 2) as response_time, round(avg(quality_rating), 2) as quality,"
                + " round(avg(communication_rating), 2) as communication, round(avg(value_rating), 2) as value,"
                + " count(*) filter (where would_hire_again) as hire_again from reviews where agent_id = $1";
        return pool.preparedQuery(sql).execute(Tuple.of(agentId)).map(rows -> {
            Row row = rows.iterator().next();
            Map<String, Long> distribution = new LinkedHashMap<>();
            for (int star = 1; star <= 5; star++) {
                distribution.put(Integer.toString(star), row.getLong("r" + star));
            }
            return new AgentProfileView.RatingBreakdown(distribution, row.getBigDecimal("response_time"),
                    row.getBigDecimal("quality"), row.getBigDecimal("communication"), row.getBigDecimal("value"),
                    row.getLong("hire_again"));
        });
    }

    public Uni<List<AgentProfileView.ReviewSummary>> recentReviews(UUID agentId, int count) {
        String sql = "select id, rating, title, review_text, would_hire_again, owner_reply, created_at from reviews"
                + " where agent_id = $1 order by created_at desc, id desc limit $2";
        return pool.preparedQuery(sql).execute(Tuple.of(agentId, count)).map(rows -> stream(rows)
                .map(row -> new AgentProfileView.ReviewSummary(row.getUUID("id"), row.getInteger("rating"),
                        row.getString("title"), row.getString("review_text"), row.getBoolean("would_hire_again"),
                        row.getString("owner_reply"), row.getOffsetDateTime("created_at").toInstant()))
                .toList());
    }

    private Uni<RowSet<Row>> run(CatalogSql.Statement statement) {
        return pool.preparedQuery(statement.sql()).execute(Tuple.from(statement.params()));
    }

    private static String sortKey(Row row, CatalogSort sort) {
        return switch (sort) {
            case NEWEST -> row.getOffsetDateTime("sort_key").toInstant().toString();
            case RATING -> row.getBigDecimal("sort_key").toPlainString();
            case POPULARITY -> Integer.toString(row.getInteger("sort_key"));
            case PRICE, PRICE_DESC -> Long.toString(row.getLong("sort_key"));
            case RELEVANCE -> Float.toString(row.getFloat("sort_key"));
        };
    }

    private static java.util.stream.Stream<Row> stream(RowSet<Row> rows) {
        return StreamSupport.stream(rows.spliterator(), false);
    }
}
