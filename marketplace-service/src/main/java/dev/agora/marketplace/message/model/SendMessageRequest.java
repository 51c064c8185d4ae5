package dev.agora.marketplace.message.model;

import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
public record SendMessageRequest(UUID taskId, String text) {
}
