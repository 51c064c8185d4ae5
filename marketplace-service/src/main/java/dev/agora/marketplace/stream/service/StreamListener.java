package dev.agora.marketplace.stream.service;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.marketplace.notification.model.NotificationView;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;

/**
 * LISTENs on the stream channel with its own PostgreSQL connection (reconnected when it breaks) and hands every
 * signal, whichever replica's consumer sent it, to the streams open on this replica.
 */
@ApplicationScoped
public class StreamListener {
    private static final Logger LOG = Logger.getLogger(StreamListener.class);
    private static final String NOTIFICATION = "select id, type, title, message, data::text as data, priority, read_at,"
            + " expires_at, created_at from notifications where id = $1 and user_id = $2";

    private final StreamHub hub;
    private final StreamConfig config;
    private final Pool pool;
    private final Vertx vertx;
    private final ObjectMapper mapper;
    private final String url;
    private final String user;
    private final String password;
    private volatile PgSubscriber subscriber;

    public StreamListener(StreamHub hub, StreamConfig config, Pool pool, Vertx vertx, ObjectMapper mapper,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.hub = hub;
        this.config = config;
        this.pool = pool;
        this.vertx = vertx;
        this.mapper = mapper;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    void start(@Observes StartupEvent started) {
        PgConnectOptions options = PgConnectOptions.fromUri(url).setUser(user).setPassword(password);
        subscriber = PgSubscriber.subscriber(vertx, options)
                .reconnectPolicy(retries -> config.reconnectDelay().toMillis());
        subscriber.channel(config.channel()).handler(this::onSignal);
        subscriber.closeHandler(() -> LOG.info("The stream listener stopped listening"));
        connect();
    }

    void stop(@Observes ShutdownEvent stopping) {
        PgSubscriber current = subscriber;
        if (current != null) {
            current.closeAndForget();
        }
    }

    private void connect() {
        subscriber.connect().subscribe().with(ignored -> LOG.infof("Listening on %s for live stream signals",
                config.channel()), failure -> {
            LOG.warnf("Could not LISTEN on %s (%s); retrying", config.channel(), failure.getMessage());
            vertx.setTimer(config.reconnectDelay().toMillis(), ignored -> connect());
        });
    }

    void onSignal(String payload) {
        JsonNode signal;
        UUID userId;
        try {
            signal = mapper.readTree(payload);
            userId = UUID.fromString(signal.path(StreamSignals.USER_ID).asText());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            LOG.warnf("Ignoring an unreadable stream signal: %s", payload);
            return;
        }
        StreamTopic topic = StreamTopic.of(signal.path(StreamSignals.STREAM).asText()).orElse(null);
        if (topic == null) {
            LOG.warnf("Ignoring a stream signal for an unknown stream: %s", payload);
            return;
        }
        switch (topic) {
            case NOTIFICATIONS -> notification(userId, signal);
            case AGENTS -> {
                if (signal.path(StreamSignals.EVENT).isObject()) {
                    hub.toUser(userId, topic, message("agent", signal.path(StreamSignals.EVENT)));
                }
                if (signal.path(StreamSignals.CATALOG).isObject()) {
                    hub.toAll(topic, message("catalog", signal.path(StreamSignals.CATALOG)));
                }
            }
            case DEPLOYMENTS -> hub.toUser(userId, topic, message("deployment", signal.path(StreamSignals.EVENT)));
        }
    }

    /** Reads the committed notification only when a stream of its user is open here. */
    private void notification(UUID userId, JsonNode signal) {
        if (!hub.wants(userId, StreamTopic.NOTIFICATIONS)) {
            return;
        }
        UUID id;
        try {
            id = UUID.fromString(signal.path(StreamSignals.NOTIFICATION_ID).asText());
        } catch (IllegalArgumentException e) {
            LOG.warnf("Ignoring a notification signal without a notification id: %s", signal);
            return;
        }
        pool.preparedQuery(NOTIFICATION).execute(Tuple.of(id, userId))
                .map(rows -> rows.iterator().hasNext() ? view(rows.iterator().next()) : null)
                .onFailure().invoke(failure -> LOG.warnf("Could not read notification %s for its stream: %s", id,
                        failure.getMessage()))
                .onFailure().recoverWithItem((NotificationView) null)
                .subscribe().with(view -> {
                    if (view != null) {
                        hub.toUser(userId, StreamTopic.NOTIFICATIONS,
                                new StreamMessage("notification", view.id().toString(), json(view)));
                    }
                });
    }

    private NotificationView view(Row row) {
        JsonNode data;
        try {
            data = mapper.readTree(row.getString("data"));
        } catch (JsonProcessingException e) {
            data = mapper.createObjectNode();
        }
        return new NotificationView(row.getUUID("id"), row.getString("type"), row.getString("title"),
                row.getString("message"), row.getString("priority"), data, instant(row, "read_at"),
                instant(row, "expires_at"), instant(row, "created_at"));
    }

    private StreamMessage message(String event, JsonNode data) {
        return new StreamMessage(event, null, data.toString());
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
