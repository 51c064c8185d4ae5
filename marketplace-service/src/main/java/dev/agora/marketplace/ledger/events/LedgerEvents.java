package dev.agora.marketplace.ledger.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.agora.common.events.Audience;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The {@code marketplace.v1} events of the ledger (key: the agent id). Amounts are whole microALGO, as strings.
 */
public final class LedgerEvents {
    public static final String FUNDED = "agora.balance.funded.v1";
    public static final String FUNDING_REVERSED = "agora.balance.funding-reversed.v1";
    public static final String RESERVED = "agora.escrow.reserved.v1";
    public static final String RELEASED = "agora.escrow.released.v1";
    public static final String REFUNDED = "agora.escrow.refunded.v1";

    private LedgerEvents() {
    }

    /** A confirmed deposit credited to {@code userId}'s available balance, or (reversed) taken back from it. */
    @RegisterForReflection
    public record BalanceEvent(UUID transactionId, UUID userId, UUID agentId, String amount, String asset,
            Instant occurredAt) {
        /** Only the user whose money it is. */
        public Audience audience() {
            return Audience.users(userId);
        }
    }

    /**
     * Money of a task: reserved from the hirer into the task's escrow ({@code amount}), released to the agent's
     * owner ({@code paidToOwner}, plus {@code fee} to the platform), or refunded to the hirer ({@code refunded}).
     * {@code transactionIds}: the transactions rows of the movement.
     */
    @RegisterForReflection
    public record EscrowEvent(UUID taskId, UUID agentId, UUID hirerId, UUID ownerId, UUID actorId, String taskStatus,
            String amount, String paidToOwner, String fee, String refunded, String asset, List<UUID> transactionIds,
            Instant occurredAt) {
        /** The task's two parties. */
        public Audience audience() {
            return Audience.users(hirerId, ownerId);
        }
    }
}
