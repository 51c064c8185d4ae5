package dev.agora.common.problem;

import org.hibernate.JDBCException;

import io.vertx.pgclient.PgException;

/** PostgreSQL errors a service turns into a precise problem (e.g. a 409 naming the field that must be unique). */
public final class DatabaseErrors {
    public static final String UNIQUE_VIOLATION = "23505";
    public static final String FOREIGN_KEY_VIOLATION = "23503";
    public static final String CHECK_VIOLATION = "23514";

    private DatabaseErrors() {
    }

    /**
     * Whether the failure, or any of its causes, is a unique-constraint violation: the PostgreSQL error itself, or
     * Hibernate's {@link JDBCException} carrying its SQL state (what Hibernate Reactive reports on a flush).
     */
    public static boolean isUniqueViolation(Throwable failure) {
        return UNIQUE_VIOLATION.equals(sqlState(failure));
    }

    /** The SQL state behind a failure (from PostgreSQL or from Hibernate's wrapper), or null. */
    public static String sqlState(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PgException pg) {
                return pg.getSqlState();
            }
            if (cause instanceof JDBCException jdbc && jdbc.getSQLState() != null) {
                return jdbc.getSQLState();
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }

    /** The PostgreSQL error behind a failure, or null. */
    public static PgException pgCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PgException pg) {
                return pg;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }
}
