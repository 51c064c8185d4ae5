package dev.agora.marketplace.transaction.model;

import java.math.BigDecimal;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
public record CreateTransactionRequest(String type, UUID agentId, UUID taskId, BigDecimal amount, String asset,
        String chain, String signature) {
}
