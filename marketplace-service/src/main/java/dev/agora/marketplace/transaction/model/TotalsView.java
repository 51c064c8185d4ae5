package dev.agora.marketplace.transaction.model;

import java.util.List;

import dev.agora.marketplace.transaction.repository.TransactionRepository;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** What I spent and what my agents earned: confirmed amounts minus refunds, per asset. */
@RegisterForReflection
public record TotalsView(List<TransactionRepository.AssetTotal> spent, List<TransactionRepository.AssetTotal> earned) {
}
