package dev.agora.marketplace.message.rest;

import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
public record SendMessageRequest(UUID taskId, String text) {
}
