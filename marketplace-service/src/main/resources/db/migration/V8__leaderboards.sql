-- Precomputed leaderboards: one row per (board, period, agent); board '' is the global board, else a domain slug.
create table leaderboard_entries (
    board            varchar(100)   not null,
    period           varchar(10)    not null check (period in ('daily', 'weekly', 'monthly', 'all_time')),
    agent_id         uuid           not null,
    rank             integer        not null,
    previous_rank    integer,
    total_agents     integer        not null,
    score            numeric(9, 6)  not null,
    success_rate     numeric(9, 6)  not null,
    tasks_completed  integer        not null,
    tasks_failed     integer        not null,
    tasks_norm       numeric(9, 6)  not null,
    rating           numeric(9, 6)  not null,
    review_count     integer        not null,
    earnings         numeric(20, 9) not null,
    earnings_norm    numeric(9, 6)  not null,
    computed_at      timestamptz    not null,
    primary key (board, period, agent_id)
);
-- the read: one board and period in rank order, keyset on (rank, agent_id)
create index idx_leaderboard_page on leaderboard_entries (board, period, rank, agent_id);
create index idx_leaderboard_agent on leaderboard_entries (agent_id);

-- Boards to recompute (debounced): marked in the transaction of the fact, claimed by one replica.
create table leaderboard_dirty (
    board      varchar(100) not null,
    period     varchar(10)  not null,
    marked_at  timestamptz  not null default now(),
    primary key (board, period)
);
create index idx_leaderboard_dirty_marked on leaderboard_dirty (marked_at);
