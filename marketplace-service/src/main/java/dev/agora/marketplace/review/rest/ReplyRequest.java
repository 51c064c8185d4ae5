package dev.agora.marketplace.review.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
public record ReplyRequest(String text) {
}
