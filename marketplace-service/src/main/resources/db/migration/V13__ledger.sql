-- The ledger: money held by the platform, in whole microALGO (bigint), double entry.
-- Every movement is one append-only row that debits one account and credits another by the same amount;
-- ledger_accounts keeps each account's balance, updated in the transaction that appends the row.

-- movements are also listed among the transactions (escrow, release, fee; refund already exists)
alter table transactions drop constraint transactions_transaction_type_check;
alter table transactions add constraint transactions_transaction_type_check
    check (transaction_type in ('funding', 'payment', 'refund', 'subscription', 'escrow', 'release', 'fee'));

-- user:<user id> (available balance), escrow:<task id>, platform:fees, and external:deposits (the outside world:
-- the only account whose balance goes below zero, by what users deposited)
create table ledger_accounts (
    account     varchar(60) primary key,
    kind        varchar(10) not null check (kind in ('user', 'escrow', 'platform', 'external')),
    balance     bigint      not null default 0,
    updated_at  timestamptz not null,
    constraint ledger_accounts_balance_not_negative check (kind = 'external' or balance >= 0)
);

create table ledger_entries (
    id              uuid        primary key,
    kind            varchar(20) not null
        check (kind in ('funding', 'funding_reversal', 'escrow', 'release', 'fee', 'refund')),
    -- the funding transaction (funding, funding_reversal) or the task (escrow, release, fee, refund)
    source_id       uuid        not null,
    debit_account   varchar(60) not null references ledger_accounts (account),
    credit_account  varchar(60) not null references ledger_accounts (account),
    amount          bigint      not null check (amount > 0),
    transaction_id  uuid        references transactions (id),
    task_id         uuid        references tasks (id),
    created_at      timestamptz not null,
    -- a movement happens once: a replayed event or a retried state change cannot move money twice
    constraint ledger_entries_once unique (source_id, kind),
    constraint ledger_entries_two_accounts check (debit_account <> credit_account)
);
create index idx_ledger_entries_debit on ledger_entries (debit_account, created_at desc, id desc);
create index idx_ledger_entries_credit on ledger_entries (credit_account, created_at desc, id desc);

create function ledger_entries_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'ledger entries are append-only' using errcode = '55000';
end
$$;
create trigger ledger_entries_no_update_or_delete before update or delete on ledger_entries
    for each row execute function ledger_entries_append_only();
create trigger ledger_entries_no_truncate before truncate on ledger_entries
    for each statement execute function ledger_entries_append_only();
