package dev.agora.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** A real PostgreSQL server from the zonky embedded binaries (no installation, no container). */
public final class Postgres implements AutoCloseable {
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final EmbeddedPostgres server;

    private Postgres(EmbeddedPostgres server) {
        this.server = server;
    }

    /** A throw-away server on a free port. */
    public static Postgres startTemporary() {
        return start(0, null);
    }

    /**
     * @param port 0 for a free port
     * @param dataDir null for a temporary folder (fsync, synchronous_commit and full_page_writes off); otherwise kept
     *                between runs, and durable (all three on, PostgreSQL's defaults)
     */
    public static Postgres start(int port, Path dataDir) {
        try {
            // a kept data folder (the local stack's) holds data that matters: every commit answered is on disk. A
            // throw-away server (tests) trades that for speed: a crash loses it whole anyway
            String durable = dataDir == null ? "off" : "on";
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", durable)
                    .setServerConfig("synchronous_commit", durable)
                    .setServerConfig("full_page_writes", durable)
                    .setPGStartupWait(java.time.Duration.ofSeconds(60));
            if (port > 0) {
                builder.setPort(port);
            }
            if (dataDir != null) {
                builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
            }
            return new Postgres(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getPort();
    }

    /** Creates the database unless it exists. */
    public void createDatabase(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("bad database name " + name);
        }
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            var exists = statement.executeQuery("select 1 from pg_database where datname = '" + name + "'");
            if (!exists.next()) {
                statement.execute("create database " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    public String reactiveUrl(String database) {
        return "postgresql://127.0.0.1:" + port() + "/" + database;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
