package dev.agora.marketplace.transaction.repository;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
@WithSession
public class TransactionRepository implements PanacheRepositoryBase<PaymentTransaction, UUID> {
    /** The chain of the rows that record the ledger's own movements (they happen on the platform). */
    static final String LEDGER_CHAIN = "agora";

    public Uni<PaymentTransaction> findBySignature(String signature) {
        return find("signature", signature).firstResult();
    }

    public Uni<PaymentTransaction> findForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * The ledger's movements of a task (chain {@code agora}: its escrow reserved, released to the owner, the platform's
     * fee, refunded to the hirer), in the order they were recorded.
     */
    public Uni<List<PaymentTransaction>> ledgerMovementsOf(UUID taskId) {
        return find("taskId = :task and chain = :chain order by createdAt, id",
                Parameters.with("task", taskId).and("chain", LEDGER_CHAIN)).list();
    }

    public Uni<List<PaymentTransaction>> listOf(UUID userId, Instant afterCreatedAt, UUID afterId, int limit) {
        String query = "userId = :user"
                + (afterId != null ? " and (createdAt < :afterCreatedAt or (createdAt = :afterCreatedAt and id < :afterId))" : "")
                + " order by createdAt desc, id desc";
        Parameters params = Parameters.with("user", userId);
        if (afterId != null) {
            params.and("afterCreatedAt", afterCreatedAt).and("afterId", afterId);
        }
        return find(query, params).page(0, limit).list();
    }

    /**
     * Per asset: confirmed amounts minus refunds, of what the user paid ({@code asOwner} false) or earned, on chain
     * (deposits and the ledger's own movements, chain {@code agora}, are read as the balance).
     */
    public Uni<List<AssetTotal>> netTotals(UUID userId, boolean asOwner) {
        // HQL: its plan is cached, where a native select is planned anew on every call (docs/BENCHMARKS.md)
        return getSession().chain(session -> session.createSelectionQuery(
                "select t.asset, sum(t.amount - t.refundedAmount) from PaymentTransaction t where t."
                        + (asOwner ? "ownerId" : "userId") + " = :user and t.status in ('confirmed', 'refunded') and t.chain <> 'agora'"
                        + " and t.type <> 'funding'"
                        + " group by t.asset order by t.asset", Object[].class)
                .setParameter("user", userId).getResultList())
                .map(rows -> rows.stream().map(row -> new AssetTotal((String) row[0], (BigDecimal) row[1])).toList());
    }

    public record AssetTotal(String asset, BigDecimal amount) {
    }
}
