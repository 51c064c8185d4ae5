package dev.agora.marketplace.stream.service;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.subscription.MultiEmitter;

/** The streams open on this replica, by user. */
@ApplicationScoped
public class StreamHub {

    /** One open stream: who, what they subscribed to, and where its messages go. */
    public record Subscriber(UUID userId, Set<StreamTopic> topics, MultiEmitter<? super StreamMessage> emitter) {
    }

    private final ConcurrentHashMap<UUID, Set<Subscriber>> byUser = new ConcurrentHashMap<>();
    private final Set<Subscriber> all = new CopyOnWriteArraySet<>();

    public void register(Subscriber subscriber) {
        byUser.computeIfAbsent(subscriber.userId(), ignored -> new CopyOnWriteArraySet<>()).add(subscriber);
        all.add(subscriber);
    }

    public void unregister(Subscriber subscriber) {
        all.remove(subscriber);
        byUser.computeIfPresent(subscriber.userId(), (user, subscribers) -> {
            subscribers.remove(subscriber);
            return subscribers.isEmpty() ? null : subscribers;
        });
    }

    /** Whether some stream of {@code userId} on this replica wants {@code topic}. */
    public boolean wants(UUID userId, StreamTopic topic) {
        return byUser.getOrDefault(userId, Set.of()).stream().anyMatch(s -> s.topics().contains(topic));
    }

    /** To every stream of {@code userId} subscribed to {@code topic}. */
    public void toUser(UUID userId, StreamTopic topic, StreamMessage message) {
        for (Subscriber subscriber : byUser.getOrDefault(userId, Set.of())) {
            if (subscriber.topics().contains(topic)) {
                subscriber.emitter().emit(message);
            }
        }
    }

    /** To every stream subscribed to {@code topic}, whoever's it is. */
    public void toAll(StreamTopic topic, StreamMessage message) {
        for (Subscriber subscriber : all) {
            if (subscriber.topics().contains(topic)) {
                subscriber.emitter().emit(message);
            }
        }
    }

    public int openStreams() {
        return all.size();
    }
}
