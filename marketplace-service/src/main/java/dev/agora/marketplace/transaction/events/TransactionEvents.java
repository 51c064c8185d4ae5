package dev.agora.marketplace.transaction.events;

import java.util.UUID;

import dev.agora.common.events.Audience;
import dev.agora.marketplace.transaction.model.TransactionView;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The {@code marketplace.v1} events about transactions (key: the agent id). */
public final class TransactionEvents {
    public static final String CONFIRMED = "agora.transaction.confirmed.v1";
    public static final String FAILED = "agora.transaction.failed.v1";
    public static final String REFUNDED = "agora.transaction.refunded.v1";

    private TransactionEvents() {
    }

    /** {@code userId} paid, {@code ownerId} (the agent's owner) is paid; {@code transaction} after the change. */
    @RegisterForReflection
    public record TransactionEvent(UUID transactionId, UUID agentId, UUID userId, UUID ownerId, UUID taskId,
            TransactionView transaction) {
        public static TransactionEvent of(TransactionView tx, UUID ownerId) {
            return new TransactionEvent(tx.id(), tx.agentId(), tx.userId(), ownerId, tx.taskId(), tx);
        }

        /** A payment is seen by its two parties only: the payer and the agent's owner. */
        public Audience audience() {
            return Audience.users(userId, ownerId);
        }
    }
}
