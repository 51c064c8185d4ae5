-- Hired work at the agent: one run per hired task, created from the marketplace's task.created event and driven by
-- the dispatch workers (claimed with SKIP LOCKED under a lease; a worker that dies leaves a lease that lapses).
create table task_runs (
    task_id            uuid          primary key,
    agent_id           uuid          not null,
    hirer_id           uuid          not null,
    owner_id           uuid          not null,
    title              varchar(200)  not null,
    description        text          not null,
    task_type          varchar(50),
    -- a2a | http | llm | runtime: how the work reaches the agent, decided when the run is created
    transport          varchar(20)   not null,
    -- queued: to (re)send; following: sent, to poll; input_required: waiting for the hirer's answer;
    -- cancelling: to cancel at the agent; completed | failed | cancelled: finished; dead_lettered: retries gave up
    status             varchar(20)   not null default 'queued',
    attempts           integer       not null default 0,
    next_attempt_at    timestamptz   not null,
    lease_until        timestamptz,
    lease_token        uuid,
    -- the agent's own id for the work (A2A task id, an HTTP status URL) and its A2A context
    remote_task_id     varchar(500),
    remote_context_id  varchar(500),
    remote_status_url  text,
    -- the hirer's answer to the agent's question, to send with the next attempt
    pending_answer     text,
    last_error         varchar(1000),
    -- what the agent reported last (a digest): a poll that finds nothing new reports nothing
    last_report_digest varchar(64),
    -- the agent may stay silent this long (since dispatch or its last report) before the task fails
    silence_timeout_seconds integer not null,
    dispatched_at      timestamptz,
    last_activity_at   timestamptz,
    finished_at        timestamptz,
    created_at         timestamptz   not null,
    updated_at         timestamptz   not null,
    constraint check_task_run_transport check (transport in ('a2a', 'http', 'llm', 'runtime')),
    constraint check_task_run_status check (status in ('queued', 'following', 'input_required', 'cancelling',
        'completed', 'failed', 'cancelled', 'dead_lettered')),
    constraint check_task_run_attempts check (attempts >= 0),
    constraint check_task_run_silence check (silence_timeout_seconds > 0)
);

-- what the workers claim: due runs that are to be sent, followed or cancelled
create index idx_task_runs_due on task_runs (next_attempt_at)
    where status in ('queued', 'following', 'cancelling');
-- an owner's view of an agent's runs, newest first
create index idx_task_runs_agent on task_runs (agent_id, created_at desc, task_id);
-- open runs whose agent may have gone silent
create index idx_task_runs_silent on task_runs (last_activity_at)
    where status in ('queued', 'following', 'dead_lettered');
