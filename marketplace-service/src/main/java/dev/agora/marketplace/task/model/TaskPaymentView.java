package dev.agora.marketplace.task.model;

import java.time.Instant;
import java.util.UUID;

import dev.agora.marketplace.transaction.repository.PaymentTransaction;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A money movement of a task, as the ledger recorded it. {@code kind}: escrow (the budget reserved from the hirer),
 * release (paid to the agent's owner), fee (the platform's share) or refund (back to the hirer); {@code from} and
 * {@code to}: hirer, escrow, owner or platform; {@code amount}: an exact decimal as a string, in {@code asset}
 * (whole microALGO); {@code transactionId}: its row in the hirer's transactions.
 */
@RegisterForReflection
public record TaskPaymentView(UUID transactionId, String kind, String from, String to, String amount, String asset,
        String status, Instant at) {

    public static TaskPaymentView of(PaymentTransaction tx) {
        String from = "escrow".equals(tx.type) ? "hirer" : "escrow";
        String to = switch (tx.type) {
            case "escrow" -> "escrow";
            case "release" -> "owner";
            case "fee" -> "platform";
            default -> "hirer";
        };
        return new TaskPaymentView(tx.id, tx.type, from, to, tx.amount.stripTrailingZeros().toPlainString(), tx.asset,
                tx.status, tx.confirmedAt != null ? tx.confirmedAt : tx.createdAt);
    }
}
