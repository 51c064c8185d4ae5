package dev.agora.marketplace.transaction.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import dev.agora.marketplace.transaction.repository.PaymentTransaction;
import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
public record TransactionView(UUID id, UUID userId, UUID agentId, UUID taskId, String signature, String type,
        BigDecimal amount, BigDecimal refundedAmount, String asset, String chain, String status, String failureReason,
        Instant createdAt, Instant confirmedAt, Instant failedAt, Instant refundedAt) {

    public static TransactionView of(PaymentTransaction tx) {
        return new TransactionView(tx.id, tx.userId, tx.agentId, tx.taskId, tx.signature, tx.type, tx.amount,
                tx.refundedAmount, tx.asset, tx.chain, tx.status, tx.failureReason, tx.createdAt, tx.confirmedAt,
                tx.failedAt, tx.refundedAt);
    }
}
