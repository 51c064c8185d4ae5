package dev.agora.marketplace.ledger.service;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.agora.common.events.Topics;
import dev.agora.common.outbox.OutboxWriter;
import dev.agora.common.problem.FieldError;
import dev.agora.common.problem.ProblemException;
import dev.agora.marketplace.ledger.events.LedgerEvents;
import dev.agora.marketplace.ledger.repository.Account;
import dev.agora.marketplace.ledger.repository.LedgerRepository;
import dev.agora.marketplace.ledger.repository.Movement;
import dev.agora.marketplace.ledger.model.BalanceView;
import dev.agora.marketplace.task.repository.Task;
import dev.agora.marketplace.transaction.repository.PaymentTransaction;
import dev.agora.marketplace.transaction.repository.TransactionRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * Money follows the work. A confirmed deposit credits the user's available balance; a priced hire reserves its
 * budget into the task's escrow; completion releases the escrow to the agent's owner minus the platform fee;
 * failure or cancellation refunds the hirer exactly. Every method runs in its caller's transaction (the task's or
 * the transaction's state change), writes one {@code transactions} row per movement and one outbox event.
 */
@ApplicationScoped
public class LedgerService {
    /** The problem type (under https://agora.dev/problems/) of a movement the balance cannot pay. */
    public static final String INSUFFICIENT_BALANCE = "insufficient-balance";
    /** The chain of the {@code transactions} rows that record ledger movements (they happen on the platform). */
    public static final String LEDGER_CHAIN = "agora";
    static final long BASIS_POINTS = 10_000;

    private final LedgerRepository ledger;
    private final TransactionRepository transactions;
    private final OutboxWriter outbox;
    private final int feeBasisPoints;

    public LedgerService(LedgerRepository ledger, TransactionRepository transactions, OutboxWriter outbox,
            @ConfigProperty(name = "agora.marketplace.platform-fee-bps", defaultValue = "0") int feeBasisPoints) {
        if (feeBasisPoints < 0 || feeBasisPoints > BASIS_POINTS) {
            throw new IllegalArgumentException("agora.marketplace.platform-fee-bps must be from 0 to 10000");
        }
        this.ledger = ledger;
        this.transactions = transactions;
        this.outbox = outbox;
        this.feeBasisPoints = feeBasisPoints;
    }

    /** The platform's share of {@code amount}, rounded down: the owner keeps the remainder. */
    public long feeOf(long amount) {
        return Math.multiplyExact(amount, (long) feeBasisPoints) / BASIS_POINTS;
    }

    /** My available balance and what my open hires hold in escrow. */
    @WithSession
    public Uni<BalanceView> balance(UUID userId) {
        return ledger.balance(Account.user(userId))
                .chain(available -> ledger.inEscrowFor(userId).map(inEscrow -> new BalanceView(Microalgo.ASSET,
                        Microalgo.text(available), Microalgo.text(inEscrow))));
    }

    /** A confirmed deposit in microALGO: credited to the depositor's available balance. */
    public Uni<Void> fund(PaymentTransaction deposit) {
        if (!credits(deposit)) {
            return Uni.createFrom().voidItem();
        }
        long amount = Microalgo.of(deposit.amount);
        Movement movement = new Movement(Movement.FUNDING, deposit.id, Account.DEPOSITS, Account.user(deposit.userId),
                amount, deposit.id, null);
        return ledger.move(movement).chain(outcome -> outcome != LedgerRepository.Outcome.MOVED
                ? Uni.createFrom().voidItem()
                : balanceEvent(LedgerEvents.FUNDED, deposit, amount));
    }

    /** A refunded deposit: what was refunded leaves the available balance; refused (409) when it was spent. */
    public Uni<Void> reverseFunding(PaymentTransaction deposit, BigDecimal refunded) {
        if (!credits(deposit)) {
            return Uni.createFrom().voidItem();
        }
        if (!Microalgo.isWhole(refunded)) {
            throw ProblemException.badRequest("amount", "a deposit is refunded in whole microALGO");
        }
        long amount = Microalgo.of(refunded);
        Movement movement = new Movement(Movement.FUNDING_REVERSAL, deposit.id, Account.user(deposit.userId),
                Account.DEPOSITS, amount, deposit.id, null);
        return ledger.move(movement).chain(outcome -> switch (outcome) {
            case INSUFFICIENT -> Uni.createFrom().failure(insufficient("amount",
                    "the user's available balance is below the " + amount + " microALGO to refund"));
            case ALREADY_MOVED -> Uni.createFrom().voidItem();
            case MOVED -> balanceEvent(LedgerEvents.FUNDING_REVERSED, deposit, amount);
        });
    }

    /**
     * A new priced task: its budget leaves the hirer's available balance for the task's escrow. Too little → 409
     * problem naming {@code budget}; the caller's transaction then writes nothing.
     */
    public Uni<Void> reserve(Task task) {
        if (task.budget == null || task.budget.signum() == 0) {
            return Uni.createFrom().voidItem();
        }
        long amount = Microalgo.of(task.budget);
        return record(task, Movement.ESCROW, amount).chain(tx -> ledger.move(new Movement(Movement.ESCROW, task.id,
                Account.user(task.hirerId), Account.escrow(task.id), amount, tx.id, task.id))
                .chain(outcome -> switch (outcome) {
                    case INSUFFICIENT -> Uni.createFrom().failure(insufficient("budget", "the available balance is"
                            + " below the budget of " + amount + " microALGO: fund it first"));
                    case ALREADY_MOVED -> Uni.createFrom().voidItem();
                    case MOVED -> escrowEvent(LedgerEvents.RESERVED, task, task.hirerId, amount, 0, 0, 0,
                            List.of(tx.id));
                }));
    }

    /** The task completed: its escrow goes to the agent's owner, minus the platform fee. */
    public Uni<Void> release(Task task, UUID actorId) {
        return escrowOf(task).chain(amount -> {
            if (amount == null) {
                return Uni.createFrom().voidItem();
            }
            long fee = feeOf(amount);
            long paid = amount - fee;
            List<UUID> ids = new ArrayList<>();
            return pay(task, Movement.RELEASE, Account.user(task.ownerId), paid, ids)
                    .chain(moved -> pay(task, Movement.FEE, Account.PLATFORM_FEES, fee, ids).map(fees -> moved || fees))
                    .chain(moved -> !moved ? Uni.createFrom().voidItem()
                            : escrowEvent(LedgerEvents.RELEASED, task, actorId, amount, paid, fee, 0, ids));
        });
    }

    /** The task failed or was cancelled: its escrow goes back to the hirer, exactly. */
    public Uni<Void> refund(Task task, UUID actorId) {
        return escrowOf(task).chain(amount -> {
            if (amount == null) {
                return Uni.createFrom().voidItem();
            }
            List<UUID> ids = new ArrayList<>();
            return pay(task, Movement.REFUND, Account.user(task.hirerId), amount, ids)
                    .chain(moved -> !moved ? Uni.createFrom().voidItem()
                            : escrowEvent(LedgerEvents.REFUNDED, task, actorId, amount, 0, 0, amount, ids));
        });
    }

    /** What the task's escrow holds; a hire without a budget reserved nothing, so there is nothing to read. */
    private Uni<Long> escrowOf(Task task) {
        return task.budget == null || task.budget.signum() == 0 ? Uni.createFrom().nullItem() : ledger.escrowed(task.id);
    }

    /** Moves {@code amount} out of the task's escrow (nothing when 0); whether it moved now. */
    private Uni<Boolean> pay(Task task, String kind, Account to, long amount, List<UUID> ids) {
        if (amount == 0) {
            return Uni.createFrom().item(false);
        }
        return record(task, kind, amount).chain(tx -> ledger.move(new Movement(kind, task.id, Account.escrow(task.id),
                to, amount, tx.id, task.id)).map(outcome -> {
                    if (outcome == LedgerRepository.Outcome.INSUFFICIENT) {
                        // the escrow holds exactly what it received and pays out once: a broken invariant
                        throw new IllegalStateException("escrow of task " + task.id + " cannot pay " + amount);
                    }
                    ids.add(tx.id);
                    return outcome == LedgerRepository.Outcome.MOVED;
                }));
    }

    /** The movement's row among the transactions: confirmed at once, payer the hirer, payee the agent's owner. */
    private Uni<PaymentTransaction> record(Task task, String kind, long amount) {
        String signature = "ledger-" + kind + "-" + task.id;
        return transactions.findBySignature(signature).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().item(existing);
            }
            PaymentTransaction tx = new PaymentTransaction();
            tx.id = UUID.randomUUID();
            tx.userId = task.hirerId;
            tx.agentId = task.agentId;
            tx.ownerId = task.ownerId;
            tx.taskId = task.id;
            tx.signature = signature;
            tx.type = kind;
            tx.amount = BigDecimal.valueOf(amount);
            tx.refundedAmount = BigDecimal.ZERO;
            tx.asset = Microalgo.ASSET;
            tx.chain = LEDGER_CHAIN;
            tx.status = "confirmed";
            tx.createdAt = now();
            tx.confirmedAt = tx.createdAt;
            return transactions.persistAndFlush(tx);
        });
    }

    private Uni<Void> balanceEvent(String type, PaymentTransaction deposit, long amount) {
        LedgerEvents.BalanceEvent event = new LedgerEvents.BalanceEvent(deposit.id, deposit.userId, deposit.agentId,
                Microalgo.text(amount), Microalgo.ASSET, now());
        return outbox.append(Topics.MARKETPLACE, type, deposit.agentId, event, event.audience()).replaceWithVoid();
    }

    private Uni<Void> escrowEvent(String type, Task task, UUID actorId, long amount, long paid, long fee,
            long refunded, List<UUID> transactionIds) {
        LedgerEvents.EscrowEvent event = new LedgerEvents.EscrowEvent(task.id, task.agentId, task.hirerId,
                task.ownerId, actorId, task.status, Microalgo.text(amount), Microalgo.text(paid), Microalgo.text(fee),
                Microalgo.text(refunded), Microalgo.ASSET, List.copyOf(transactionIds), now());
        return outbox.append(Topics.MARKETPLACE, type, task.agentId, event, event.audience()).replaceWithVoid();
    }

    /** Deposits in whole microALGO are what the ledger holds; others are recorded but credit nothing. */
    private static boolean credits(PaymentTransaction deposit) {
        return "funding".equals(deposit.type) && Microalgo.ASSET.equals(deposit.asset) && Microalgo.isWhole(deposit.amount);
    }

    private static ProblemException insufficient(String field, String detail) {
        return new ProblemException(409, INSUFFICIENT_BALANCE, "Insufficient balance", detail,
                List.of(new FieldError(field, detail)));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
