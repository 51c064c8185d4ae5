package dev.agora.marketplace.message.model;

import java.time.Instant;
import java.util.UUID;

import dev.agora.marketplace.message.repository.Message;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A message of a task's thread; {@code fromAgent}: the agent wrote it (sent in its owner's name). */
@RegisterForReflection
public record MessageView(UUID id, UUID taskId, UUID senderId, UUID recipientId, String text, Instant readAt,
        Instant createdAt, boolean fromAgent) {

    public static MessageView of(Message message) {
        return new MessageView(message.id, message.taskId, message.senderId, message.recipientId, message.text,
                message.readAt, message.createdAt, message.fromAgent);
    }
}
