package dev.agora.marketplace;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.agora.marketplace.catalog.repository.CatalogSql;
import dev.agora.marketplace.catalog.service.CatalogFilter;
import dev.agora.marketplace.catalog.service.CatalogSort;
import dev.agora.testsupport.KafkaTestResource;
import dev.agora.testsupport.PostgresTestResource;
import dev.agora.localinfra.Postgres;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * EXPLAINs the catalog's statements (built by the same {@link CatalogSql} the service runs) over 100k generated
 * agents and asserts that none scans the whole table. Searches use selective words (a number in the generated names): for
 * a word that a large share of all agents contain (in the name, or trigram-close to a word of it), a sequential
 * scan is the planner's right choice. The rows live in a transaction that is rolled back, so no
 * other test sees them. The plans are written to target/catalog-query-plans.txt.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class CatalogQueryPlanTest {
    private static final int AGENTS = 100_000;

    @Test
    void everyCatalogQueryIsAnIndexScanAtOneHundredThousandAgents() throws Exception {
        UUID someId = UUID.randomUUID();
        OffsetDateTime someTime = OffsetDateTime.of(2025, 6, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        CatalogFilter none = filter(null, null, null, List.of(), false, null, null, null);
        Map<String, CatalogSql.Statement> statements = new LinkedHashMap<>();
        statements.put("newest, first page", CatalogSql.page(none, CatalogSort.NEWEST, null, null, 21));
        statements.put("newest, after a cursor", CatalogSql.page(none, CatalogSort.NEWEST, someTime, someId, 21));
        statements.put("category + newest", CatalogSql.page(filter(null, "Finance", null, List.of(), false, null, null, null),
                CatalogSort.NEWEST, someTime, someId, 21));
        statements.put("rating, after a cursor", CatalogSql.page(none, CatalogSort.RATING, new BigDecimal("4.10"), someId, 21));
        statements.put("popularity", CatalogSql.page(none, CatalogSort.POPULARITY, null, null, 21));
        statements.put("price range + price", CatalogSql.page(filter(null, null, null, List.of(), false, null, 1000L, 5000L),
                CatalogSort.PRICE, null, null, 21));
        statements.put("full text + relevance", CatalogSql.page(filter("12345", null, null, List.of(), false, null, null, null),
                CatalogSort.RELEVANCE, null, null, 21));
        statements.put("another number + relevance", CatalogSql.page(filter("12354", null, null, List.of(), false, null, null, null),
                CatalogSort.RELEVANCE, null, null, 21));
        statements.put("tags any", CatalogSql.page(filter(null, null, null, List.of("rare-7", "rare-8"), false, null, null, null),
                CatalogSort.NEWEST, null, null, 21));
        statements.put("tags all", CatalogSql.page(filter(null, null, null, List.of("rare-7", "common"), true, null, null, null),
                CatalogSort.NEWEST, null, null, 21));
        statements.put("domain", CatalogSql.page(filter(null, null, "domain-42", List.of(), false, null, null, null),
                CatalogSort.NEWEST, null, null, 21));
        statements.put("category facets of a search", CatalogSql.categoryFacets(
                filter("12345", null, null, List.of(), false, null, null, null)));
        statements.put("domain facets of a domain", CatalogSql.domainFacets(
                filter(null, null, "domain-42", List.of(), false, null, null, null)));

        StringBuilder report = new StringBuilder();
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        try (Connection connection = DriverManager.getConnection(url, Postgres.USER, Postgres.PASSWORD)) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute(generate());
                statement.execute("analyze catalog_agents");
                for (Map.Entry<String, CatalogSql.Statement> entry : statements.entrySet()) {
                    String plan = explain(statement, inline(entry.getValue()));
                    report.append("-- ").append(entry.getKey()).append('\n').append(inline(entry.getValue()))
                            .append('\n').append(plan).append('\n');
                    write(report.toString());
                    assertFalse(plan.contains("Seq Scan on catalog_agents"), entry.getKey() + ":\n" + plan);
                    assertTrue(plan.contains("Index"), entry.getKey() + ":\n" + plan);
                }
            } finally {
                connection.rollback();
            }
        }
        write(report.toString());
    }

    private static CatalogFilter filter(String text, String category, String domain, List<String> tags, boolean all,
            String type, Long minPrice, Long maxPrice) {
        return new CatalogFilter(text, category, domain, tags, all, type, minPrice, maxPrice, null, null, null);
    }

    /** 100k agents, 90% listed, spread over categories, domains, tags, prices, ratings and hires. */
    private static String generate() {
        return "insert into catalog_agents (agent_id, owner_id, name, description, subdomain, category, tags,"
                + " price_microalgo, price_amount, status, runtime_status, agent_version, created_at, updated_at, slug,"
                + " tagline, domain_slugs, search_terms, listed, rating, review_count, hire_count, follower_count,"
                + " verified, availability, agent_type)"
                + " select gen_random_uuid(), gen_random_uuid(),"
                + " (array['Price','Weather','Legal','Code','Story'])[1 + i % 5] || ' '"
                + "   || (array['oracle','forecaster','assistant','reviewer','writer','trader','auditor'])[1 + i % 7] || ' ' || i,"
                + " 'Generated agent number ' || i || ' for query plans', 'gen-' || i,"
                + " (array['Data Analysis','Content Creation','Development','Finance','Social Media','Media','Language',"
                + "   'Marketing','General'])[1 + i % 9],"
                + " array['common', 'tag-' || (i % 100), 'rare-' || (i % 1000)],"
                + " 1000 + (i % 500) * 100, 1000 + (i % 500) * 100, 'active', 'healthy', 1,"
                + " timestamptz '2025-01-01' + i * interval '1 minute', timestamptz '2025-01-01' + i * interval '1 minute',"
                + " 'gen-' || i, 'tagline ' || i, array['domain-' || (i % 50)], 'common tag-' || (i % 100),"
                + " i % 10 <> 0, round(((i % 41) / 10.0)::numeric + 1, 2), i % 30, i % 997, i % 50,"
                + " i % 3 = 0, (array['available','busy','offline'])[1 + i % 3], (array['context','api','external'])[1 + i % 3]"
                + " from generate_series(1, " + AGENTS + ") as i";
    }

    private static String explain(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery("explain " + sql)) {
            StringBuilder plan = new StringBuilder();
            while (rows.next()) {
                plan.append(rows.getString(1)).append('\n');
            }
            return plan.toString();
        }
    }

    /** The statement with its parameters written in as literals (EXPLAIN of a plain statement). */
    private static String inline(CatalogSql.Statement statement) {
        String sql = statement.sql();
        List<Object> params = statement.params();
        for (int i = params.size(); i >= 1; i--) {
            sql = sql.replace("$" + i, literal(params.get(i - 1)));
        }
        return sql;
    }

    private static String literal(Object value) {
        if (value instanceof String[] array) {
            return List.of(array).stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(",", "'{", "}'"));
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return "'" + value.toString().replace("'", "''") + "'";
    }

    private static void write(String report) throws IOException {
        Files.writeString(Path.of("target", "catalog-query-plans.txt"), report);
    }
}
