package dev.agora.common.retry;

import java.net.ConnectException;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import org.hibernate.JDBCException;

import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

/**
 * Failures of the infrastructure rather than of the request or event: the database unreachable, restarting or out
 * of connections, a connection lost, no pooled connection free in time, a serialization failure or a deadlock, or
 * this replica still loading what it needs ({@link NotReadyException}).
 * Doing the same work again later can succeed; the work itself is not at fault.
 */
public final class TransientFailures {
    /** PostgreSQL's SQL states (or their classes) that say "not now" rather than "never". */
    private static final Set<String> TRANSIENT_STATES = Set.of("40001", "40P01", "55P03", "57014");
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "53", "57");

    private TransientFailures() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String state = cause instanceof PgException pg ? pg.getSqlState()
                    : cause instanceof JDBCException jdbc ? jdbc.getSQLState() : null;
            if (state != null) {
                return TRANSIENT_STATES.contains(state) || state.length() >= 2 && TRANSIENT_CLASSES.contains(state.substring(0, 2));
            }
            if (cause instanceof NotReadyException || cause instanceof ConnectException || cause instanceof SocketException
                    || cause instanceof ClosedConnectionException || cause instanceof TimeoutException
                    || isPoolFailure(cause)) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /** The reactive SQL pool's own refusals: no connection freed within its wait, or the pool shutting down. */
    private static boolean isPoolFailure(Throwable cause) {
        return cause instanceof NoStackTraceThrowable && ("Timeout".equals(cause.getMessage())
                || "Pool closed".equals(cause.getMessage()));
    }
}
