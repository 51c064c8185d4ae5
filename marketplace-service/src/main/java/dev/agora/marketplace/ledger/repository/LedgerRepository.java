package dev.agora.marketplace.ledger.repository;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The ledger's tables, in the caller's transaction: append-only double-entry rows ({@code ledger_entries}) and the
 * balance of every account ({@code ledger_accounts}, never below zero except the outside world's).
 */
@ApplicationScoped
public class LedgerRepository {
    static final String ENSURE_ACCOUNT = "insert into ledger_accounts (account, kind, balance, updated_at)"
            + " values (:account, :kind, 0, :now) on conflict (account) do nothing";
    static final String APPEND = "insert into ledger_entries (id, kind, source_id, debit_account, credit_account, amount,"
            + " transaction_id, task_id, created_at) values (:id, :kind, :source, :debit, :credit, :amount, :tx, :task, :now)"
            + " on conflict (source_id, kind) do nothing";
    // the update takes the row lock: concurrent debits of one account queue here and each sees the balance left
    static final String DEBIT = "update ledger_accounts set balance = balance - :amount, updated_at = :now"
            + " where account = :account and (kind = 'external' or balance >= :amount)";
    static final String CREDIT = "update ledger_accounts set balance = balance + :amount, updated_at = :now"
            + " where account = :account";
    static final String BALANCE = "select balance from ledger_accounts where account = :account";
    static final String ESCROWED = "select amount from ledger_entries where source_id = :task and kind = 'escrow'";
    static final String IN_ESCROW = "select coalesce(sum(a.balance), 0) from ledger_accounts a join tasks t"
            + " on a.account = 'escrow:' || t.id where t.hirer_id = :user and a.balance > 0";

    /**
     * Moves {@code amount} from {@code debit} to {@code credit}, once per (source, kind): returns
     * {@link Outcome#MOVED}, {@link Outcome#ALREADY_MOVED} (a replay: nothing changes) or
     * {@link Outcome#INSUFFICIENT} (the debited account holds less; the caller must fail its transaction, which
     * takes back the appended row).
     */
    public Uni<Outcome> move(Movement movement) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return ensure(movement.debit(), now).chain(() -> ensure(movement.credit(), now))
                .chain(() -> Panache.getSession().chain(session -> session.createNativeQuery(APPEND)
                        .setParameter("id", UUID.randomUUID()).setParameter("kind", movement.kind())
                        .setParameter("source", movement.sourceId()).setParameter("debit", movement.debit().key())
                        .setParameter("credit", movement.credit().key()).setParameter("amount", movement.amount())
                        .setParameter("tx", movement.transactionId()).setParameter("task", movement.taskId())
                        .setParameter("now", now).executeUpdate()))
                .chain(appended -> appended == 0 ? Uni.createFrom().item(Outcome.ALREADY_MOVED)
                        : update(DEBIT, movement.debit(), movement.amount(), now).chain(debited -> debited == 0
                                ? Uni.createFrom().item(Outcome.INSUFFICIENT)
                                : update(CREDIT, movement.credit(), movement.amount(), now).replaceWith(Outcome.MOVED)));
    }

    /** The account's balance (0 for an account that never held anything). */
    public Uni<Long> balance(Account account) {
        return Panache.getSession().chain(session -> session.createNativeQuery(BALANCE, Long.class)
                .setParameter("account", account.key()).getResultList())
                .map(rows -> rows.isEmpty() ? 0L : rows.get(0));
    }

    /** What the task's escrow received when it was hired (null: the task reserved nothing). */
    public Uni<Long> escrowed(UUID taskId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(ESCROWED, Long.class)
                .setParameter("task", taskId).getResultList())
                .map(rows -> rows.isEmpty() ? null : rows.get(0));
    }

    /** What the user's open hires hold in escrow. */
    public Uni<Long> inEscrowFor(UUID userId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(IN_ESCROW, Long.class)
                .setParameter("user", userId).getSingleResult());
    }

    private static Uni<Integer> ensure(Account account, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(ENSURE_ACCOUNT)
                .setParameter("account", account.key()).setParameter("kind", account.kind()).setParameter("now", now)
                .executeUpdate());
    }

    private static Uni<Integer> update(String sql, Account account, long amount, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(sql)
                .setParameter("account", account.key()).setParameter("amount", amount).setParameter("now", now)
                .executeUpdate());
    }

    /** What a movement did. */
    public enum Outcome {
        MOVED, ALREADY_MOVED, INSUFFICIENT
    }
}
