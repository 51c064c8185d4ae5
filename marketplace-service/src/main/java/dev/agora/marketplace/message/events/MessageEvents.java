package dev.agora.marketplace.message.events;

import java.util.UUID;

import dev.agora.marketplace.message.model.MessageView;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The {@code marketplace.v1} events about messages (key: the agent id of the task). */
public final class MessageEvents {
    public static final String SENT = "agora.message.sent.v1";

    private MessageEvents() {
    }

    @RegisterForReflection
    public record Sent(UUID messageId, UUID taskId, UUID agentId, UUID senderId, UUID recipientId, MessageView message) {
    }
}
