package dev.agora.common.problem;

import io.vertx.pgclient.PgException;

/** PostgreSQL errors a service turns into a precise problem (e.g. a 409 naming the field that must be unique). */
public final class DatabaseErrors {
    public static final String UNIQUE_VIOLATION = "23505";
    public static final String FOREIGN_KEY_VIOLATION = "23503";
    public static final String CHECK_VIOLATION = "23514";

    private DatabaseErrors() {
    }

    /** Whether the failure, or any of its causes (Hibernate wraps them), is a unique-constraint violation. */
    public static boolean isUniqueViolation(Throwable failure) {
        PgException pg = pgCause(failure);
        return pg != null && UNIQUE_VIOLATION.equals(pg.getSqlState());
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
