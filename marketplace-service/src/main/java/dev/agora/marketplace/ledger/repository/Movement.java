package dev.agora.marketplace.ledger.repository;

import java.util.UUID;

/**
 * One double-entry row: {@code amount} (microALGO, > 0) leaves {@code debit} for {@code credit}. {@code kind} and
 * {@code sourceId} (the funding transaction or the task) identify it: it happens at most once.
 */
public record Movement(String kind, UUID sourceId, Account debit, Account credit, long amount, UUID transactionId,
        UUID taskId) {
    public static final String FUNDING = "funding";
    public static final String FUNDING_REVERSAL = "funding_reversal";
    public static final String ESCROW = "escrow";
    public static final String RELEASE = "release";
    public static final String FEE = "fee";
    public static final String REFUND = "refund";
}
