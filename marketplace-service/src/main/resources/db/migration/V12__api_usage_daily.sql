-- Seed 001 api_usage, aggregated: one row per user (the gateway's principal), UTC day, endpoint (method + route
-- template) and agent, from usage.v1. Latencies are kept as a fixed-bucket histogram (bounds in UsageHistogram) so
-- the p95 of any row is known without keeping every request.
create table api_usage_daily (
    user_id           uuid          not null,
    day               date          not null,
    method            varchar(10)   not null,
    route             varchar(255)  not null,
    agent_id          uuid,
    requests          bigint        not null,
    errors            bigint        not null,
    total_latency_ms  bigint        not null,
    max_latency_ms    bigint        not null,
    latency_histogram bigint[]      not null,
    cost_usd          numeric(14,4) not null default 0,
    updated_at        timestamptz   not null
);

-- one row per key; a missing agent is its own key
create unique index uq_api_usage_daily on api_usage_daily
    (user_id, day, method, route, coalesce(agent_id, '00000000-0000-0000-0000-000000000000'::uuid));
