package dev.agora.marketplace.transaction.service;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.common.auth.CurrentUser;
import dev.agora.common.events.Topics;
import dev.agora.common.outbox.OutboxWriter;
import dev.agora.common.outbox.WithOutboxTransaction;
import dev.agora.common.paging.Page;
import dev.agora.common.paging.PageRequest;
import dev.agora.common.problem.FieldError;
import dev.agora.common.problem.ProblemException;
import dev.agora.marketplace.catalog.repository.CatalogAgentRepository;
import dev.agora.marketplace.ledger.service.LedgerService;
import dev.agora.marketplace.ledger.service.Microalgo;
import dev.agora.marketplace.persistence.UniqueViolation;
import dev.agora.marketplace.task.repository.TaskRepository;
import dev.agora.marketplace.transaction.events.TransactionEvents;
import dev.agora.marketplace.transaction.repository.PaymentTransaction;
import dev.agora.marketplace.transaction.repository.TransactionRepository;
import dev.agora.marketplace.transaction.model.CreateTransactionRequest;
import dev.agora.marketplace.transaction.model.TotalsView;
import dev.agora.marketplace.transaction.model.TransactionView;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * Transactions: users report them pending; a chain watcher (role {@code payments}) or the platform
 * admin confirms, fails or refunds them. A signature is recorded once.
 */
@ApplicationScoped
public class TransactionService {
    public static final String PAYMENTS_ROLE = "payments";
    public static final int CURSOR_PARTS = 2;
    static final List<String> TYPES = List.of("funding", "payment", "subscription");
    static final List<String> CHAINS = List.of("algorand", "solana", "ethereum");
    static final Pattern ASSET = Pattern.compile("^[A-Za-z0-9]{1,20}$");
    static final Pattern SIGNATURE = Pattern.compile("^[A-Za-z0-9_=+/-]{16,128}$");
    static final BigDecimal MAX_AMOUNT = new BigDecimal("999999999.999999999");

    private final TransactionRepository transactions;
    private final CatalogAgentRepository agents;
    private final TaskRepository tasks;
    private final OutboxWriter outbox;
    private final LedgerService ledger;

    public TransactionService(TransactionRepository transactions, CatalogAgentRepository agents, TaskRepository tasks,
            OutboxWriter outbox, LedgerService ledger) {
        this.transactions = transactions;
        this.agents = agents;
        this.tasks = tasks;
        this.outbox = outbox;
        this.ledger = ledger;
    }

    /** The result of reporting a transaction: new (201) or the one already recorded under that signature (200). */
    public record Recorded(TransactionView transaction, boolean created) {
    }

    @WithOutboxTransaction
    public Uni<Recorded> record(UUID userId, CreateTransactionRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("body", "a JSON object is required");
        }
        validate(request);
        return transactions.findBySignature(request.signature()).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().item(existingFor(userId, existing));
            }
            return agents.findById(request.agentId()).chain(agent -> {
                if (agent == null || !agent.listed) {
                    throw ProblemException.notFound("agent " + request.agentId());
                }
                Uni<Void> taskCheck = request.taskId() == null ? Uni.createFrom().voidItem()
                        : tasks.findById(request.taskId()).map(task -> {
                            if (task == null || !task.hirerId.equals(userId) || !task.agentId.equals(agent.id)) {
                                throw ProblemException.notFound("task " + request.taskId());
                            }
                            return null;
                        });
                return taskCheck.chain(() -> {
                    PaymentTransaction tx = new PaymentTransaction();
                    tx.id = UUID.randomUUID();
                    tx.userId = userId;
                    tx.agentId = agent.id;
                    tx.ownerId = agent.ownerId;
                    tx.taskId = request.taskId();
                    tx.signature = request.signature();
                    tx.type = request.type();
                    tx.amount = request.amount();
                    tx.refundedAmount = BigDecimal.ZERO;
                    tx.asset = request.asset();
                    tx.chain = request.chain();
                    tx.status = "pending";
                    tx.createdAt = now();
                    return transactions.persistAndFlush(tx)
                            .map(saved -> new Recorded(TransactionView.of(saved), true))
                            // a concurrent report of the same signature won: this one conflicts, the retry finds it
                            .onFailure(UniqueViolation::in).transform(
                                    e -> ProblemException.conflict("signature", "this signature is being recorded"));
                });
            });
        });
    }

    @WithSession
    public Uni<TransactionView> get(CurrentUser user, UUID id) {
        return transactions.findById(id).map(tx -> {
            if (tx == null || !(tx.userId.equals(user.id()) || settles(user))) {
                throw ProblemException.notFound("transaction " + id);
            }
            return TransactionView.of(tx);
        });
    }

    @WithSession
    public Uni<Page<TransactionView>> list(UUID userId, PageRequest page) {
        Instant afterCreatedAt = page.hasCursor() ? page.instantAt(0) : null;
        UUID afterId = page.hasCursor() ? page.uuidAt(1) : null;
        return transactions.listOf(userId, afterCreatedAt, afterId, page.limit() + 1)
                .map(rows -> Page.of(rows, page.limit(), TransactionView::of,
                        (PaymentTransaction last) -> PageRequest.encodeCursor(last.createdAt, last.id)));
    }

    @WithSession
    public Uni<TotalsView> totals(UUID userId) {
        return transactions.netTotals(userId, false)
                .chain(spent -> transactions.netTotals(userId, true).map(earned -> new TotalsView(spent, earned)));
    }

    /** pending → confirmed; a confirmed deposit credits the depositor's available balance. */
    @WithOutboxTransaction
    public Uni<TransactionView> confirm(CurrentUser user, UUID id) {
        return settle(user, id, "pending", tx -> {
            tx.status = "confirmed";
            tx.confirmedAt = now();
        }, TransactionEvents.CONFIRMED, ledger::fund);
    }

    /** pending → failed. */
    @WithOutboxTransaction
    public Uni<TransactionView> fail(CurrentUser user, UUID id, String reason) {
        if (reason != null && reason.length() > 1_000) {
            throw ProblemException.badRequest("reason", "must be at most 1000 characters");
        }
        return settle(user, id, "pending", tx -> {
            tx.status = "failed";
            tx.failedAt = now();
            tx.failureReason = reason == null || reason.isBlank() ? null : reason.strip();
        }, TransactionEvents.FAILED, tx -> Uni.createFrom().voidItem());
    }

    /** confirmed → refunded, by at most what was paid; a refunded deposit leaves the available balance. */
    @WithOutboxTransaction
    public Uni<TransactionView> refund(CurrentUser user, UUID id, BigDecimal amount) {
        if (amount == null || amount.signum() <= 0 || amount.scale() > 9) {
            throw ProblemException.badRequest("amount", "must be a positive amount with at most 9 decimals");
        }
        return settle(user, id, "confirmed", tx -> {
            if (amount.compareTo(tx.amount) > 0) {
                throw ProblemException.badRequest("amount", "must not exceed the " + tx.amount.toPlainString() + " paid");
            }
            tx.status = "refunded";
            tx.refundedAmount = amount;
            tx.refundedAt = now();
        }, TransactionEvents.REFUNDED, tx -> ledger.reverseFunding(tx, amount));
    }

    private Uni<TransactionView> settle(CurrentUser user, UUID id, String from,
            java.util.function.Consumer<PaymentTransaction> change, String eventType,
            java.util.function.Function<PaymentTransaction, Uni<Void>> money) {
        if (!settles(user)) {
            throw ProblemException.forbidden("only the payments service or a platform admin settles transactions");
        }
        return transactions.findForUpdate(id).chain(tx -> {
            if (tx == null) {
                throw ProblemException.notFound("transaction " + id);
            }
            if (LedgerService.LEDGER_CHAIN.equals(tx.chain)) {
                throw ProblemException.conflict("status", "a movement of the platform's ledger is final");
            }
            if (!from.equals(tx.status)) {
                throw ProblemException.conflict("status", "a " + tx.status + " transaction cannot be moved this way"
                        + " (only from " + from + ")");
            }
            change.accept(tx);
            return transactions.flush().map(ignored -> TransactionView.of(tx))
                    .call(view -> {
                        TransactionEvents.TransactionEvent event = TransactionEvents.TransactionEvent.of(view, tx.ownerId);
                        return outbox.append(Topics.MARKETPLACE, eventType, tx.agentId, event, event.audience());
                    })
                    .call(() -> money.apply(tx));
        });
    }

    private static Recorded existingFor(UUID userId, PaymentTransaction existing) {
        if (!existing.userId.equals(userId)) {
            // someone else's transaction: never reveal it
            throw ProblemException.conflict("signature", "this signature is already recorded");
        }
        return new Recorded(TransactionView.of(existing), false);
    }

    private static boolean settles(CurrentUser user) {
        return user.hasGroup(PAYMENTS_ROLE) || user.isPlatformAdmin();
    }

    private static void validate(CreateTransactionRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request.type() == null || !TYPES.contains(request.type())) {
            errors.add(new FieldError("type", "must be one of " + TYPES + " (refunds are made with /refund)"));
        }
        if (request.agentId() == null) {
            errors.add(new FieldError("agentId", "is required"));
        }
        if ("payment".equals(request.type()) && request.taskId() == null) {
            errors.add(new FieldError("taskId", "a payment is for a task"));
        }
        BigDecimal amount = request.amount();
        if (amount == null || amount.signum() <= 0 || amount.scale() > 9 || amount.compareTo(MAX_AMOUNT) > 0) {
            errors.add(new FieldError("amount", "must be a positive amount up to " + MAX_AMOUNT + " with at most 9 decimals"));
        } else if ("funding".equals(request.type()) && !Microalgo.isWhole(amount)) {
            errors.add(new FieldError("amount", "a deposit is made in whole microALGO"));
        }
        if ("funding".equals(request.type()) && request.asset() != null && !Microalgo.ASSET.equals(request.asset())) {
            errors.add(new FieldError("asset", "a deposit funds the balance in " + Microalgo.ASSET));
        }
        if (request.asset() == null || !ASSET.matcher(request.asset()).matches()) {
            errors.add(new FieldError("asset", "must be an asset code like microALGO, lamports or USDC"));
        }
        if (request.chain() == null || !CHAINS.contains(request.chain())) {
            errors.add(new FieldError("chain", "must be one of " + CHAINS));
        }
        if (request.signature() == null || !SIGNATURE.matcher(request.signature()).matches()) {
            errors.add(new FieldError("signature", "must be the transaction's on-chain id (16 to 128 characters)"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
