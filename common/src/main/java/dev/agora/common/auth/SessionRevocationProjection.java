package dev.agora.common.auth;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.common.events.IncomingEvent;
import io.smallrye.mutiny.Uni;

/**
 * Applies {@code agora.session.revoked.v1} in a service's {@code identity.v1} consumer, inside the idempotent
 * consumer's transaction: the ended sessions are recorded for every replica ({@link RevokedSessionStore}) and
 * refused at once on this one. A consumer adds it to what it applies:
 * {@code consumer.consume(record, SessionRevocationProjection.plus(MY_TYPES), revocations.orElse(this::apply))}.
 */
@ApplicationScoped
public class SessionRevocationProjection {

    private final RevokedSessionStore store;
    private final RevokedSessions sessions;

    public SessionRevocationProjection(RevokedSessionStore store, RevokedSessions sessions) {
        this.store = store;
        this.sessions = sessions;
    }

    /** The types a service's identity consumer applies: its own, and the revocation. */
    public static Set<String> plus(Set<String> types) {
        Set<String> all = new HashSet<>(types);
        all.add(SessionRevokedEvent.TYPE);
        return Set.copyOf(all);
    }

    /** Applies revocations here, and every other event with {@code projection}. */
    public Function<IncomingEvent, Uni<Void>> orElse(Function<IncomingEvent, Uni<Void>> projection) {
        return event -> SessionRevokedEvent.TYPE.equals(event.type()) ? apply(event) : projection.apply(event);
    }

    public Uni<Void> apply(IncomingEvent event) {
        UUID userId = event.requiredUuid("userId");
        Instant revokedAt = event.requiredInstant("revokedAt");
        List<UUID> sessionIds = new ArrayList<>();
        for (String id : event.strings("sessionIds")) {
            try {
                sessionIds.add(UUID.fromString(id));
            } catch (IllegalArgumentException e) {
                throw event.poison("has a sessionIds entry that is not a UUID: " + id);
            }
        }
        // Refused before the commit on purpose: the sessions did end whatever becomes of this transaction, and a
        // failed one is retried or dead-lettered, never undone.
        return store.record(userId, sessionIds, revokedAt)
                .invoke(() -> sessions.remember(sessionIds, store.forgetAfter(revokedAt)));
    }
}
