-- Action delivery (issue 10, seed 004 `action_results`, `action_metrics_hourly`): durable jobs created with the firing,
-- claimed with FOR UPDATE SKIP LOCKED under a lease, one result row per attempt, hourly metrics, and a circuit
-- breaker plus a webhook signing secret per trigger.

alter table triggers
    add column signing_secret           text,          -- whsec_… sealed with agora.triggers.secret-key
    add column cb_state                 varchar(10) not null default 'closed' check (cb_state in ('closed', 'open', 'half_open')),
    add column cb_consecutive_failures  integer     not null default 0,
    add column cb_failure_threshold     integer,       -- null: agora.triggers.circuit-breaker.failure-threshold
    add column cb_cooldown_seconds      bigint,        -- null: agora.triggers.circuit-breaker.cooldown
    add column cb_opened_at             timestamptz,
    add column cb_retry_at              timestamptz,
    add column failing_since            timestamptz,   -- first failure after the last success
    add column disabled_reason          text;

-- One job per action of a firing; the action (type, priority, validated config with sealed secrets) is copied so that
-- replacing the trigger's actions never changes what a pending job delivers.
create table action_jobs (
    id              uuid        primary key,
    firing_id       uuid        not null references trigger_firings (id) on delete cascade,
    trigger_id      uuid        not null references triggers (id) on delete cascade,
    owner_id        uuid        not null,
    action_id       uuid        not null,
    action_type     varchar(20) not null,
    priority        integer     not null,
    config          text        not null,
    status          varchar(10) not null default 'pending' check (status in ('pending', 'running', 'succeeded', 'dead')),
    attempts        integer     not null default 0,  -- attempts recorded so far
    max_attempts    integer     not null,
    next_attempt_at timestamptz not null,
    locked_until    timestamptz,
    lease_token     uuid,                              -- the claim that owns the running job
    last_error      text,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    dead_at         timestamptz
);

create index idx_action_jobs_claim on action_jobs (priority, next_attempt_at) where status in ('pending', 'running');
create index idx_action_jobs_trigger on action_jobs (trigger_id, status);
create index idx_action_jobs_dead on action_jobs (trigger_id, dead_at desc, id desc) where status = 'dead';
create index idx_action_jobs_firing on action_jobs (firing_id);

create table action_results (
    id               uuid        primary key,
    job_id           uuid        not null references action_jobs (id) on delete cascade,
    trigger_id       uuid        not null references triggers (id) on delete cascade,
    owner_id         uuid        not null,
    action_id        uuid        not null,
    action_type      varchar(20) not null,
    status           varchar(10) not null check (status in ('success', 'failed', 'retrying')),
    attempt          integer     not null,
    duration_ms      bigint      not null,
    http_status      integer,
    error            text,
    response_excerpt text,                             -- at most 64 KiB
    retry_count      integer     not null,             -- attempt - 1
    executed_at      timestamptz not null
);

create index idx_action_results_trigger on action_results (trigger_id, executed_at desc, id desc);
create index idx_action_results_owner_time on action_results (owner_id, executed_at);
create index idx_action_results_executed on action_results (executed_at);

-- Rolled up from action_results (every attempt is an execution); kept after the results are purged.
create table action_metrics_hourly (
    owner_id        uuid             not null,
    action_type     varchar(20)      not null,
    hour            timestamptz      not null,
    executions      bigint           not null,
    successes       bigint           not null,
    failures        bigint           not null,
    mean_duration_ms double precision not null,
    p95_duration_ms double precision not null,
    primary key (owner_id, hour, action_type)
);
