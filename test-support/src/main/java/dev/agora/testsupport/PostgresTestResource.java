package dev.agora.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import dev.agora.localinfra.Postgres;

/** A real PostgreSQL for a module's {@code @QuarkusTest}s; the service's Flyway migrations run against it. */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {
    private Postgres postgres;

    @Override
    public Map<String, String> start() {
        postgres = Postgres.startTemporary();
        return Map.of(
                "quarkus.datasource.reactive.url", postgres.reactiveUrl("postgres"),
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl("postgres"),
                "quarkus.datasource.username", Postgres.USER,
                "quarkus.datasource.password", Postgres.PASSWORD);
    }

    @Override
    public void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }
}
