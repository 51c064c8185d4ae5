package dev.agora.marketplace.stream.repository;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** {@code stream_tickets}, on the reactive client (single statements, no session needed). */
@ApplicationScoped
public class StreamTicketRepository {
    private final Pool pool;

    public StreamTicketRepository(Pool pool) {
        this.pool = pool;
    }

    /** Stores a ticket's hash; returns when it expires (database time, the clock every replica shares). */
    public Uni<Instant> insert(String tokenHash, UUID userId, Duration ttl) {
        return pool.preparedQuery("insert into stream_tickets (token_hash, user_id, expires_at)"
                + " values ($1, $2, now() + make_interval(secs => $3)) returning expires_at")
                .execute(Tuple.of(tokenHash, userId, ttl.toMillis() / 1000.0))
                .map(rows -> rows.iterator().next().getOffsetDateTime("expires_at").toInstant());
    }

    /**
     * Deletes the ticket and returns its user if it had not expired, else null: one statement, so of two replicas
     * consuming the same ticket at once only one gets the row.
     */
    public Uni<UUID> consume(String tokenHash) {
        return pool.preparedQuery("delete from stream_tickets where token_hash = $1"
                + " returning user_id, expires_at > now() as valid")
                .execute(Tuple.of(tokenHash))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return Boolean.TRUE.equals(row.getBoolean("valid")) ? row.getUUID("user_id") : null;
                });
    }

    /** Deletes tickets that expired before {@code before}; returns how many. */
    public Uni<Integer> deleteExpired(Instant before) {
        return pool.preparedQuery("delete from stream_tickets where expires_at < $1")
                .execute(Tuple.of(OffsetDateTime.ofInstant(before, ZoneOffset.UTC)))
                .map(rows -> rows.rowCount());
    }
}
