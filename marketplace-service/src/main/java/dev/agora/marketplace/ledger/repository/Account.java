package dev.agora.marketplace.ledger.repository;

import java.util.UUID;

/** A ledger account: {@code kind} and the key it is stored under ({@code kind:id}). */
public record Account(String kind, String key) {
    public static final Account PLATFORM_FEES = new Account("platform", "platform:fees");
    /** Where deposits come from: its balance is minus what users deposited. */
    public static final Account DEPOSITS = new Account("external", "external:deposits");

    /** A user's available balance. */
    public static Account user(UUID userId) {
        return new Account("user", "user:" + userId);
    }

    /** The money a task's hirer set aside for it. */
    public static Account escrow(UUID taskId) {
        return new Account("escrow", "escrow:" + taskId);
    }
}
