package dev.agora.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import dev.agora.localinfra.CuttableLink;
import dev.agora.localinfra.Postgres;

/**
 * Like {@link PostgresTestResource}, with the service's reactive connections (all its work but Flyway's migrations)
 * going through a {@link CuttableLink} that the test cuts to play a database outage: {@link #link()}.
 */
public class PostgresOutageTestResource implements QuarkusTestResourceLifecycleManager {
    private static volatile CuttableLink link;
    private Postgres postgres;

    /** The link between the service under test and its database. */
    public static CuttableLink link() {
        return link;
    }

    @Override
    public Map<String, String> start() {
        postgres = Postgres.startTemporary();
        link = CuttableLink.to(postgres.port());
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + link.port() + "/postgres",
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl("postgres"),
                "quarkus.datasource.username", Postgres.USER,
                "quarkus.datasource.password", Postgres.PASSWORD);
    }

    @Override
    public void stop() {
        if (link != null) {
            link.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }
}
