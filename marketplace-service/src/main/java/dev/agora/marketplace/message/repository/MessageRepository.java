package dev.agora.marketplace.message.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
@WithSession
public class MessageRepository implements PanacheRepositoryBase<Message, UUID> {

    /** A thread, oldest first, keyset on (created_at, id); {@code limit} rows. */
    public Uni<List<Message>> thread(UUID taskId, Instant afterCreatedAt, UUID afterId, int limit) {
        String query = "taskId = :task"
                + (afterId != null ? " and (createdAt > :afterCreatedAt or (createdAt = :afterCreatedAt and id > :afterId))" : "")
                + " order by createdAt, id";
        Parameters params = Parameters.with("task", taskId);
        if (afterId != null) {
            params.and("afterCreatedAt", afterCreatedAt).and("afterId", afterId);
        }
        return find(query, params).page(0, limit).list();
    }

    /** Marks the messages of the thread sent to the user read; returns how many. */
    public Uni<Integer> markRead(UUID taskId, UUID recipientId, Instant now) {
        return update("readAt = :now where taskId = :task and recipientId = :user and readAt is null",
                Parameters.with("now", now).and("task", taskId).and("user", recipientId));
    }

    public Uni<Long> unreadCount(UUID recipientId) {
        return count("recipientId = ?1 and readAt is null", recipientId);
    }
}
