package dev.agora.common.auth;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * This replica's view of the sign-in sessions that ended: an access token whose {@code sid} is one of them is
 * refused, wherever it is presented (the gateway's edge and own endpoints, every service). Checking is a map lookup,
 * never a database round trip.
 * <p>
 * Fed by {@link RevokedSessionStore}, which reads the {@code revoked_sessions} rows every replica shares (written by
 * the gateway when it ends sessions, and by each service's consumer of {@code agora.session.revoked.v1}), and
 * directly by whoever writes a row on this replica. A session is remembered until no token of it can still be valid.
 */
@ApplicationScoped
public class RevokedSessions {
    /** session id (as the {@code sid} claim writes it) → when it may be forgotten, epoch millis */
    private final Map<String, Long> revoked = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    @Inject
    public RevokedSessions() {
        this(System::currentTimeMillis);
    }

    RevokedSessions(LongSupplier clock) {
        this.clock = clock;
    }

    /** Whether the session a token names ({@code sid}) has ended; null (no session) never has. */
    public boolean isRevoked(String sessionId) {
        return sessionId != null && !revoked.isEmpty() && revoked.containsKey(sessionId);
    }

    /** Remembers ended sessions until {@code forgetAfter}, when no token of theirs can still be valid. */
    public void remember(Collection<UUID> sessionIds, Instant forgetAfter) {
        long until = forgetAfter.toEpochMilli();
        if (until <= clock.getAsLong()) {
            return;
        }
        for (UUID sessionId : sessionIds) {
            revoked.merge(sessionId.toString(), until, Math::max);
        }
    }

    /** Drops the sessions whose tokens have all expired. */
    public void forgetExpired() {
        long now = clock.getAsLong();
        revoked.values().removeIf(until -> until <= now);
    }

    public int size() {
        return revoked.size();
    }
}
