package dev.agora.system;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import dev.agora.local.ServiceSpec;
import dev.agora.local.Stack;
import dev.agora.localinfra.Postgres;

/** Reads a service's own database directly: what the API no longer shows, or what only an intruder would see. */
final class ServiceDatabases {
    private ServiceDatabases() {
    }

    /** The first column of the first row, as text (null without a row); {@code sql} takes {@code id} as its parameter. */
    static String value(Stack stack, ServiceSpec service, String sql, String id) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + stack.postgresPort() + "/"
                + service.database(), Postgres.USER, Postgres.PASSWORD);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    /** Runs one statement taking {@code parameter} as its parameter; returns the rows it changed. */
    static int update(Stack stack, ServiceSpec service, String sql, String parameter) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + stack.postgresPort() + "/"
                + service.database(), Postgres.USER, Postgres.PASSWORD);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            return statement.executeUpdate();
        }
    }
}
