package dev.agora.marketplace.catalog.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.agora.marketplace.catalog.service.CatalogFilter;
import dev.agora.marketplace.catalog.service.CatalogSort;

/**
 * Builds the catalog's SQL with positional parameters ($1...), so the same statements can be EXPLAINed in tests.
 * Every statement is restricted to {@code listed} rows, which every catalog index is partial on.
 */
public final class CatalogSql {
    public static final String CARD_COLUMNS = "agent_id, slug, name, tagline, description, subdomain, repo_owner,"
            + " category, tags, agent_type, domains, skills, avatar_url, cover_image_url, price_microalgo, price_amount,"
            + " price_asset, hourly_rate, subscription_monthly, availability, verified, rating, review_count, hire_count,"
            + " follower_count, published_version, published_at, created_at, updated_at";
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    private final List<Object> params = new ArrayList<>();
    private final StringBuilder sql = new StringBuilder();

    /** A built statement: SQL text and its parameters in order. */
    public record Statement(String sql, List<Object> params) {
    }

    private CatalogSql() {
    }

    /** One page: {@code limit} rows (the caller asks one more than it shows) after the cursor's (key, id). */
    public static Statement page(CatalogFilter filter, CatalogSort sort, Object afterKey, UUID afterId, int limit) {
        CatalogSql builder = new CatalogSql();
        String key = builder.sortKey(filter, sort);
        builder.sql.insert(0, "select " + CARD_COLUMNS + ", " + key + " as sort_key from catalog_agents");
        builder.where(filter);
        if (afterId != null) {
            builder.sql.append(" and (").append(key).append(", agent_id) ").append(sort.descending ? "<" : ">")
                    .append(" (").append(builder.param(afterKey)).append("::").append(sort.keyCast()).append(", ")
                    .append(builder.param(afterId)).append(")");
        }
        String direction = sort.descending ? " desc" : " asc";
        builder.sql.append(" order by ").append(key).append(direction).append(", agent_id").append(direction)
                .append(" limit ").append(builder.param(limit));
        return new Statement(builder.sql.toString(), builder.params);
    }

    /** Counts per category for the filter. */
    public static Statement categoryFacets(CatalogFilter filter) {
        CatalogSql builder = new CatalogSql();
        builder.sql.append("select category as facet, count(*) as total from catalog_agents");
        builder.where(filter);
        builder.sql.append(" group by category order by total desc, facet");
        return new Statement(builder.sql.toString(), builder.params);
    }

    /** Counts per domain slug for the filter (an agent counts in each of its domains). */
    public static Statement domainFacets(CatalogFilter filter) {
        CatalogSql builder = new CatalogSql();
        builder.sql.append("select d.slug as facet, count(*) as total from catalog_agents"
                + " cross join lateral unnest(domain_slugs) as d(slug)");
        builder.where(filter);
        builder.sql.append(" group by d.slug order by total desc, facet");
        return new Statement(builder.sql.toString(), builder.params);
    }

    /**
     * The words of a search as a prefix tsquery ({@code pric:* & oracl:*}); null when it has no word. Words are
     * letters and digits only, so nothing the user types can break the tsquery syntax.
     */
    public static String prefixQuery(String text) {
        List<String> words = WORD.matcher(text.toLowerCase(Locale.ROOT)).results().map(m -> m.group() + ":*").toList();
        return words.isEmpty() ? null : String.join(" & ", words);
    }

    private String sortKey(CatalogFilter filter, CatalogSort sort) {
        if (sort != CatalogSort.RELEVANCE) {
            return sort.column;
        }
        if (filter.text() == null) {
            throw new IllegalArgumentException("relevance needs a search text");
        }
        // full-text rank (weights: name A, tagline/tags/skills/domains B, description C) plus name similarity,
        // so a typo that only the trigram match finds still ranks by how close it is
        return "cast(ts_rank(search_document, to_tsquery('english', " + param(prefixQuery(filter.text()))
                + ")) + word_similarity(" + param(filter.text()) + ", name) as real)";
    }

    private void where(CatalogFilter filter) {
        sql.append(" where listed");
        if (filter.text() != null) {
            sql.append(" and (search_document @@ to_tsquery('english', ").append(param(prefixQuery(filter.text())))
                    .append(") or ").append(param(filter.text())).append(" <% name)");
        }
        if (filter.category() != null) {
            sql.append(" and category = ").append(param(filter.category()));
        }
        if (filter.domain() != null) {
            sql.append(" and domain_slugs @> array[").append(param(filter.domain())).append("::text]");
        }
        if (filter.tags() != null && !filter.tags().isEmpty()) {
            sql.append(" and tags ").append(filter.allTags() ? "@>" : "&&").append(' ')
                    .append(param(filter.tags().toArray(String[]::new))).append("::text[]");
        }
        if (filter.type() != null) {
            sql.append(" and agent_type = ").append(param(filter.type()));
        }
        if (filter.minPrice() != null) {
            sql.append(" and price_amount >= ").append(param(filter.minPrice()));
        }
        if (filter.maxPrice() != null) {
            sql.append(" and price_amount <= ").append(param(filter.maxPrice()));
        }
        if (filter.minRating() != null) {
            sql.append(" and rating >= ").append(param(filter.minRating())).append("::numeric");
        }
        if (filter.verified() != null) {
            sql.append(" and verified = ").append(param(filter.verified()));
        }
        if (filter.availability() != null) {
            sql.append(" and availability = ").append(param(filter.availability()));
        }
    }

    private String param(Object value) {
        params.add(value);
        return "$" + params.size();
    }
}
