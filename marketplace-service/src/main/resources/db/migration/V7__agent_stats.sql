-- agent_stats (seed 002, denormalised) as a projection of marketplace.v1, deployments.v1 and agents.v1.
-- The stats_*_facts tables keep the newest state of every source fact, keyed by its source id: an event that
-- arrives twice, or after a newer one, changes nothing, and a rebuild recomputes every total from them.
create table stats_task_facts (
    task_id      uuid        primary key,
    agent_id     uuid        not null,
    status       varchar(20) not null,
    created_at   timestamptz not null,
    started_at   timestamptz,
    finished_at  timestamptz,
    updated_at   timestamptz not null
);
create index idx_stats_task_facts_agent on stats_task_facts (agent_id);

create table stats_transaction_facts (
    transaction_id   uuid           primary key,
    agent_id         uuid           not null,
    status           varchar(20)    not null,
    amount           numeric(18, 9) not null,
    refunded_amount  numeric(18, 9) not null,
    confirmed_at     timestamptz,
    updated_at       timestamptz    not null
);
create index idx_stats_transaction_facts_agent on stats_transaction_facts (agent_id);

create table stats_review_facts (
    review_id             uuid        primary key,
    agent_id              uuid        not null,
    rating                integer     not null,
    response_time_rating  integer,
    quality_rating        integer,
    communication_rating  integer,
    value_rating          integer,
    created_at            timestamptz not null
);
create index idx_stats_review_facts_agent on stats_review_facts (agent_id);

create table stats_follow_facts (
    agent_id    uuid        not null,
    user_id     uuid        not null,
    following   boolean     not null,
    changed_at  timestamptz not null,
    primary key (agent_id, user_id)
);

create table stats_deployment_facts (
    deployment_id  uuid        primary key,
    agent_id       uuid        not null,
    status         varchar(20) not null,
    created_at     timestamptz not null,
    started_at     timestamptz,
    deployed_at    timestamptz,
    completed_at   timestamptz
);
create index idx_stats_deployment_facts_agent on stats_deployment_facts (agent_id);

-- executions are never updated, only added (redeliveries are stopped by processed_events): kept as hourly sums
create table stats_execution_hourly (
    agent_id           uuid        not null,
    hour               timestamptz not null,
    executions         integer     not null,
    successes          integer     not null,
    errors             integer     not null,
    duration_ms_sum    bigint      not null,
    last_completed_at  timestamptz not null,
    primary key (agent_id, hour)
);

-- The projection: sums and counts maintained incrementally; means and rates derived by PostgreSQL.
create table agent_stats (
    agent_id                     uuid           primary key,
    tasks_completed              integer        not null default 0,
    tasks_failed                 integer        not null default 0,
    response_seconds_sum         bigint         not null default 0,
    response_count               integer        not null default 0,
    total_earnings               numeric(20, 9) not null default 0,
    review_count                 integer        not null default 0,
    rating_sum                   bigint         not null default 0,
    response_time_rating_sum     bigint         not null default 0,
    response_time_rating_count   integer        not null default 0,
    quality_rating_sum           bigint         not null default 0,
    quality_rating_count         integer        not null default 0,
    communication_rating_sum     bigint         not null default 0,
    communication_rating_count   integer        not null default 0,
    value_rating_sum             bigint         not null default 0,
    value_rating_count           integer        not null default 0,
    hire_count                   integer        not null default 0,
    follower_count               integer        not null default 0,
    deployments_total            integer        not null default 0,
    deployments_successful       integer        not null default 0,
    deployments_failed           integer        not null default 0,
    last_deployment_at           timestamptz,
    executions_total             integer        not null default 0,
    executions_success           integer        not null default 0,
    executions_error             integer        not null default 0,
    execution_ms_sum             bigint         not null default 0,
    last_active                  timestamptz,
    updated_at                   timestamptz    not null default now(),
    success_rate numeric(5, 4) generated always as (case when tasks_completed + tasks_failed > 0
        then round(tasks_completed::numeric / (tasks_completed + tasks_failed), 4) end) stored,
    avg_response_time_minutes integer generated always as (case when response_count > 0
        then round(response_seconds_sum::numeric / response_count / 60)::integer end) stored,
    rating numeric(3, 2) generated always as (case when review_count > 0
        then round(rating_sum::numeric / review_count, 2) end) stored,
    response_time_rating numeric(3, 2) generated always as (case when response_time_rating_count > 0
        then round(response_time_rating_sum::numeric / response_time_rating_count, 2) end) stored,
    quality_rating numeric(3, 2) generated always as (case when quality_rating_count > 0
        then round(quality_rating_sum::numeric / quality_rating_count, 2) end) stored,
    communication_rating numeric(3, 2) generated always as (case when communication_rating_count > 0
        then round(communication_rating_sum::numeric / communication_rating_count, 2) end) stored,
    value_rating numeric(3, 2) generated always as (case when value_rating_count > 0
        then round(value_rating_sum::numeric / value_rating_count, 2) end) stored,
    mean_execution_time_ms bigint generated always as (case when executions_total > 0
        then round(execution_ms_sum::numeric / executions_total)::bigint end) stored
);

-- What the leaderboards are computed from: per agent and hour, the facts that score (task outcomes by the hour
-- they finished, reviews by the hour they were written, net earnings by the hour the payment was confirmed).
create table agent_activity_hourly (
    agent_id         uuid           not null,
    hour             timestamptz    not null,
    tasks_completed  integer        not null default 0,
    tasks_failed     integer        not null default 0,
    rating_sum       bigint         not null default 0,
    rating_count     integer        not null default 0,
    earnings         numeric(20, 9) not null default 0,
    primary key (agent_id, hour)
);
create index idx_agent_activity_hour on agent_activity_hourly (hour, agent_id);
