package dev.agora.testsupport;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import org.eclipse.microprofile.config.ConfigProvider;

import dev.agora.localinfra.Postgres;

/**
 * Plain JDBC to a {@code @QuarkusTest}'s database (the {@code quarkus.datasource.jdbc.url} that
 * {@link PostgresTestResource} sets): reads, setups REST cannot make, and a barrier on {@code processed_events}.
 */
public final class TestDatabase {
    /** How long the helpers here, and the tests using them, wait for asynchronous work. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** Reads a query's result set (positioned before its first row). */
    @FunctionalInterface
    public interface RowReader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private TestDatabase() {
    }

    /** Runs a query with no parameters and reads its rows. */
    public static <T> T query(String sql, RowReader<T> reader) {
        return query(sql, new Object[0], reader);
    }

    /** Runs a query with one parameter and reads its rows. */
    public static <T> T query(String sql, Object parameter, RowReader<T> reader) {
        return query(sql, new Object[] { parameter }, reader);
    }

    /** Runs a query with the given parameters (bound in order) and reads its rows. */
    public static <T> T query(String sql, Object[] parameters, RowReader<T> reader) {
        try (Connection connection = connect(); PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet rows = statement.executeQuery()) {
            return reader.read(rows);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run " + sql, e);
        }
    }

    /** The first column of the first row of a query, as a long (0 when there is no row). */
    public static long queryLong(String sql, Object... parameters) {
        return query(sql, parameters, rows -> rows.next() ? rows.getLong(1) : 0);
    }

    /** Runs a statement (DDL or DML) with the given parameters. */
    public static void execute(String sql, Object... parameters) {
        try (Connection connection = connect(); PreparedStatement statement = prepare(connection, sql, parameters)) {
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("could not run " + sql, e);
        }
    }

    /** How many times the consumer recorded the event (its id in processed_events): 0 or 1. */
    public static long processedCount(String eventId) {
        return queryLong("select count(*) from processed_events where event_id = ?", eventId);
    }

    /** How many times the consumer recorded the event as read from {@code topic}. */
    public static long processedCount(String topic, String eventId) {
        return queryLong("select count(*) from processed_events where event_id = ? and topic = ?", eventId, topic);
    }

    /** Whether the consumer has committed the event (its id is in processed_events exactly once). */
    public static boolean isProcessed(String eventId) {
        return processedCount(eventId) == 1;
    }

    /** Waits until the consumer has committed the event, or fails after {@link #TIMEOUT}. */
    public static void awaitProcessed(String eventId) {
        awaitProcessed(eventId, TIMEOUT);
    }

    /** Waits until the consumer has committed the event, or fails after {@code timeout}. */
    public static void awaitProcessed(String eventId, Duration timeout) {
        await().atMost(timeout).until(() -> isProcessed(eventId));
    }

    private static Connection connect() throws SQLException {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        return DriverManager.getConnection(url, Postgres.USER, Postgres.PASSWORD);
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object[] parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }
}
