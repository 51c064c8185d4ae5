package dev.agora.common.auth;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The {@code revoked_sessions} table every replica of a service shares, and the loop that keeps this replica's
 * {@link RevokedSessions} up to date with it.
 * <p>
 * A consumer group hands each event to one replica, and the gateway ends a session on the replica that served the
 * request; every other replica learns of it here, within {@code agora.auth.revoked-sessions.refresh-interval}. Each
 * read asks only for rows written by transactions its previous read could not see (transaction id at or above that
 * read's snapshot xmin), so a row is never missed, however late its transaction commits, and a read costs one
 * indexed query returning only recent rows.
 */
@ApplicationScoped
public class RevokedSessionStore {
    private static final Logger LOG = Logger.getLogger(RevokedSessionStore.class);
    private static final String INSERT = "insert into revoked_sessions (session_id, user_id, revoked_at, purge_after)"
            + " select cast(id as uuid), ?1, ?2, ?3"
            + " from unnest(cast(?4 as varchar[])) as id on conflict (session_id) do nothing";
    private static final String READ_SINCE = "select s.xmin::text as xmin, r.session_id, r.purge_after"
            + " from (select pg_snapshot_xmin(pg_current_snapshot()) as xmin) s"
            + " left join revoked_sessions r on r.written_by >= cast($1 as xid8) and r.purge_after > now()";
    private static final String PURGE = "delete from revoked_sessions where purge_after <= now()";
    /** Before the first read: every row. */
    private static final String EVERYTHING = "0";

    private final Pool pool;
    private final Vertx vertx;
    private final RevokedSessions sessions;
    private final RevokedSessionsConfig config;
    private final AtomicBoolean reading = new AtomicBoolean();
    private volatile String seenUpTo = EVERYTHING;
    private volatile boolean stopped;
    private long readTimer = -1;
    private long purgeTimer = -1;

    public RevokedSessionStore(Pool pool, Vertx vertx, RevokedSessions sessions, RevokedSessionsConfig config,
            MeterRegistry registry) {
        this.pool = pool;
        this.vertx = vertx;
        this.sessions = sessions;
        this.config = config;
        Gauge.builder("agora.auth.revoked.sessions", sessions, RevokedSessions::size)
                .description("Ended sign-in sessions this replica refuses tokens of").register(registry);
    }

    /**
     * The first read completes before the service takes requests, so a starting replica does not accept a token it
     * should refuse; if the database cannot answer then, the timer's reads catch up (from the first row).
     */
    void start(@Observes StartupEvent ignored) {
        try {
            read().await().atMost(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            LOG.errorf(e, "Could not read the revoked sessions at start-up; retrying every %s", config.refreshInterval());
        }
        readTimer = vertx.setPeriodic(config.refreshInterval().toMillis(), id -> refresh());
        purgeTimer = vertx.setPeriodic(config.purgeInterval().toMillis(), id -> purge());
    }

    void stop(@Observes ShutdownEvent ignored) {
        stopped = true;
        if (readTimer >= 0) {
            vertx.cancelTimer(readTimer);
            vertx.cancelTimer(purgeTimer);
        }
    }

    /** When a revocation may be forgotten: no token of its session can be valid by then. */
    public Instant forgetAfter(Instant revokedAt) {
        return revokedAt.plus(config.retention());
    }

    /**
     * Records ended sessions in the caller's current transaction (a revocation seen twice is recorded once). The
     * caller also tells {@link RevokedSessions} when this replica should start refusing them.
     */
    public Uni<Void> record(UUID userId, Collection<UUID> sessionIds, Instant revokedAt) {
        if (sessionIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] ids = sessionIds.stream().map(UUID::toString).toArray(String[]::new);
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT)
                .setParameter(1, userId)
                .setParameter(2, revokedAt.atOffset(ZoneOffset.UTC))
                .setParameter(3, forgetAfter(revokedAt).atOffset(ZoneOffset.UTC))
                .setParameter(4, ids)
                .executeUpdate())
                .replaceWithVoid();
    }

    /** Reads what was recorded since the previous read, at once (also what the timer does). */
    public void refresh() {
        if (stopped || !reading.compareAndSet(false, true)) {
            return;
        }
        read().subscribe().with(ignored -> {
        }, failure -> LOG.warnf("Could not read the revoked sessions: %s", failure.toString()));
    }

    private Uni<Void> read() {
        return pool.preparedQuery(READ_SINCE).execute(Tuple.of(seenUpTo))
                .invoke(rows -> {
                    String xmin = null;
                    for (Row row : rows) {
                        xmin = row.getString("xmin");
                        UUID sessionId = row.getUUID("session_id");
                        if (sessionId != null) {
                            sessions.remember(List.of(sessionId), row.getOffsetDateTime("purge_after").toInstant());
                        }
                    }
                    if (xmin != null) {
                        seenUpTo = xmin;
                    }
                })
                .replaceWithVoid()
                .eventually(() -> reading.set(false));
    }

    private void purge() {
        if (stopped) {
            return;
        }
        sessions.forgetExpired();
        pool.query(PURGE).execute().subscribe().with(
                deleted -> LOG.debugf("Purged %d expired session revocations", deleted.rowCount()),
                failure -> LOG.warnf("Could not purge expired session revocations: %s", failure.toString()));
    }
}
