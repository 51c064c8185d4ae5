package dev.agora.marketplace.stream.service;

import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;

/**
 * Opens a user's live stream on this replica: a ready message, then what they subscribed to, with heartbeats, for at
 * most {@code agora.stream.max-age}.
 */
@ApplicationScoped
public class StreamService {
    private final StreamHub hub;
    private final StreamConfig config;

    public StreamService(StreamHub hub, StreamConfig config) {
        this.hub = hub;
        this.config = config;
    }

    public Multi<StreamMessage> open(UUID userId, Set<StreamTopic> topics) {
        String ready = topics.stream().map(topic -> "\"" + topic.wireName() + "\"")
                .collect(Collectors.joining(",", "{\"topics\":[", "]}"));
        Multi<StreamMessage> messages = Multi.createFrom().<StreamMessage>emitter(emitter -> {
            StreamHub.Subscriber subscriber = new StreamHub.Subscriber(userId, topics, emitter);
            emitter.onTermination(() -> hub.unregister(subscriber));
            hub.register(subscriber);
            // registered before "ready": whatever is committed after the client sees it reaches the client
            emitter.emit(new StreamMessage("ready", null, ready));
        }, BackPressureStrategy.BUFFER)
                // a client too slow for its backlog loses the stream and reconnects, rather than holding memory
                .onOverflow().buffer(config.bufferSize());
        Multi<StreamMessage> heartbeats = Multi.createFrom().ticks().every(config.heartbeat())
                .onOverflow().drop()
                .map(tick -> StreamMessage.heartbeat());
        return Multi.createBy().merging().streams(messages, heartbeats).select().first(config.maxAge());
    }
}
