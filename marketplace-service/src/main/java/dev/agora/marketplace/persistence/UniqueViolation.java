package dev.agora.marketplace.persistence;

import java.sql.SQLException;

import dev.agora.common.problem.DatabaseErrors;

/**
 * Whether a failure is a unique-constraint violation. Hibernate Reactive reports some as a
 * {@link SQLException} carrying the SQL state rather than wrapping the client's PgException, which
 * {@link DatabaseErrors#isUniqueViolation} alone does not see.
 */
public final class UniqueViolation {
    private UniqueViolation() {
    }

    public static boolean in(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (DatabaseErrors.isUniqueViolation(cause)
                    || cause instanceof SQLException sql && DatabaseErrors.UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
