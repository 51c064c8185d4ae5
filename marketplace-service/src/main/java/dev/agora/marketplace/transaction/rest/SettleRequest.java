package dev.agora.marketplace.transaction.rest;

import java.math.BigDecimal;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Body of fail ({@code reason}) and refund ({@code amount}, at most what was paid). */
@RegisterForReflection
public record SettleRequest(String reason, BigDecimal amount) {
}
