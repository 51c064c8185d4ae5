package dev.agora.marketplace.stream.service;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.common.consumer.BeforeCommit;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Tells every replica's {@link StreamListener} about a change, with {@code pg_notify} in the caller's transaction
 * (a consumer's): PostgreSQL delivers it only when that transaction commits, so a stream never shows a change that
 * was rolled back, and whichever replica holds the client's stream gets it. A consumer's signals are sent together,
 * in one statement at the end of its transaction ({@link BeforeCommit}), in the order they were made. Payloads stay small (ids and a summary):
 * NOTIFY payloads are limited to 8000 bytes.
 */
@ApplicationScoped
public class StreamSignals {
    static final String STREAM = "stream";
    static final String USER_ID = "userId";
    static final String NOTIFICATION_ID = "notificationId";
    static final String CATALOG = "catalog";
    static final String EVENT = "event";
    private static final String NOTIFY_ALL = "select pg_notify(:channel, p.payload)"
            + " from unnest(cast(:payloads as text[])) with ordinality as p(payload, n) order by p.n";

    private final StreamConfig config;
    private final ObjectMapper mapper;

    public StreamSignals(StreamConfig config, ObjectMapper mapper) {
        this.config = config;
        this.mapper = mapper;
    }

    /** A new notification for {@code userId} (the listener reads it from the database). */
    public Uni<Void> notification(UUID userId, UUID notificationId) {
        return send(signal(StreamTopic.NOTIFICATIONS, userId).put(NOTIFICATION_ID, notificationId.toString()));
    }

    /**
     * A change of one of {@code ownerId}'s agents ({@code event}, for the owner's streams), and, when not null, the
     * public catalog change it made ({@code catalogChange}, for every stream subscribed to agents).
     */
    public Uni<Void> agent(UUID ownerId, ObjectNode event, ObjectNode catalogChange) {
        ObjectNode signal = signal(StreamTopic.AGENTS, ownerId);
        signal.set(EVENT, event);
        if (catalogChange != null) {
            signal.set(CATALOG, catalogChange);
        }
        return send(signal);
    }

    /** A deployment or runtime event of one of {@code ownerId}'s agents. */
    public Uni<Void> deployment(UUID ownerId, ObjectNode event) {
        ObjectNode signal = signal(StreamTopic.DEPLOYMENTS, ownerId);
        signal.set(EVENT, event);
        return send(signal);
    }

    private ObjectNode signal(StreamTopic topic, UUID userId) {
        return mapper.createObjectNode().put(STREAM, topic.wireName()).put(USER_ID, userId.toString());
    }

    /** In a consumer's transaction, with the other signals of its poll at its end; elsewhere at once. */
    private Uni<Void> send(ObjectNode signal) {
        String payload = signal.toString();
        return BeforeCommit.buffer(Pending.class, Pending::new)
                .map(pending -> {
                    pending.payloads.add(payload);
                    return Uni.createFrom().voidItem();
                })
                .orElseGet(() -> sendAll(List.of(payload)));
    }

    /** One statement for all the payloads, notified in their order. */
    private Uni<Void> sendAll(List<String> payloads) {
        // run as a statement: its plan is cached, where a native select is planned anew on every call
        // (see docs/BENCHMARKS.md, "native selects")
        return Panache.getSession().chain(session -> session
                .createNativeQuery(NOTIFY_ALL)
                .setParameter("channel", config.channel())
                .setParameter("payloads", payloads.toArray(String[]::new))
                .executeUpdate())
                .replaceWithVoid();
    }

    /** The signals of a consumer's transaction, sent just before it commits. */
    private final class Pending implements BeforeCommit.Deferred {
        private final List<String> payloads = new ArrayList<>();

        @Override
        public Uni<Void> run() {
            return sendAll(payloads);
        }
    }
}
