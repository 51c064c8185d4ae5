package dev.agora.marketplace.ledger.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A user's money on the platform, exact whole amounts of {@code asset} as strings. */
@RegisterForReflection
public record BalanceView(String asset, String available, String inEscrow) {
}
