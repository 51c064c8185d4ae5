-- Hired work followed at the agent (agents.v1 task-run.* events). The task keeps when the work first reached the
-- agent, when the agent first reported progress (the agent's response time runs from the one to the other) and what
-- it produced (a task-result object: {text, data[], files[]}).
alter table tasks
    add column dispatched_at     timestamptz,
    add column first_progress_at timestamptz,
    add column result            jsonb;

-- A message the agent wrote (its question to the hirer), sent in the thread in its owner's name.
alter table messages add column from_agent boolean not null default false;

-- The execution trail of a task: one row per task-run event applied to it, at most once per event.
create table task_steps (
    id          uuid         primary key,
    seq         bigint       generated always as identity,
    task_id     uuid         not null references tasks (id),
    kind        varchar(20)  not null check (kind in ('dispatched', 'status', 'thought', 'output', 'attempt',
                                                      'input-required', 'completed', 'failed', 'dead-lettered')),
    step_text   text         not null,
    data        jsonb,
    attempt     integer      not null check (attempt >= 1),
    at          timestamptz  not null,
    event_id    varchar(255) not null unique,
    recorded_at timestamptz  not null default now()
);
-- the trail of a task, newest first (a task shows its latest steps)
create index idx_task_steps_task on task_steps (task_id, at desc, seq desc);

-- The stats' task facts learn the same times from the task snapshots (response time of dispatched work).
alter table stats_task_facts
    add column dispatched_at     timestamptz,
    add column first_progress_at timestamptz;

-- A task shows the money movements recorded for it (the ledger's transactions rows).
create index idx_transactions_task on transactions (task_id, created_at) where task_id is not null;
