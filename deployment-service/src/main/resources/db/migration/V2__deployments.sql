-- The agent's deploymentConfig (image, port, cpu, memory, replicas, autoRedeploy) from its newest snapshot
alter table agent_refs add column deployment_config jsonb not null default '{}';

-- Deployments of agents (seeds 000/001 deployments). State machine in README.md; the rules live in DeploymentStatus.
create table deployments (
    id                 uuid         primary key,
    agent_id           uuid         not null,
    owner_id           uuid         not null,
    version            integer      not null,
    job_id             varchar(255),
    status             varchar(20)  not null,
    trigger_type       varchar(20)  not null,
    trigger_config     jsonb        not null default '{}',
    deployment_url     text,
    deployment_summary text,
    error_message      text,
    image              text         not null,
    cpu                varchar(20)  not null,
    memory             varchar(20)  not null,
    replicas           integer      not null,
    port               integer      not null,
    scheduled_at       timestamptz,
    -- when a dispatcher took the pending deployment to its driver; a stale claim is retried after a restart
    dispatched_at      timestamptz,
    -- when the driver removed what it had created, after a cancel or stop (null: still to do)
    released_at        timestamptz,
    started_at         timestamptz,
    deployed_at        timestamptz,
    completed_at       timestamptz,
    stopped_at         timestamptz,
    created_at         timestamptz  not null,
    constraint ck_deployments_status check (status in ('pending', 'deploying', 'succeeded', 'failed', 'cancelled', 'stopped')),
    constraint ck_deployments_trigger check (trigger_type in ('manual', 'config_change', 'scheduled')),
    constraint ux_deployments_agent_version unique (agent_id, version)
);

-- at most one pending/deploying deployment per agent, even under concurrent requests
create unique index ux_deployments_one_active on deployments (agent_id) where status in ('pending', 'deploying');
create index idx_deployments_agent_created on deployments (agent_id, created_at desc, id desc);
create index idx_deployments_owner_created on deployments (owner_id, created_at desc, id desc);
create index idx_deployments_job_id on deployments (job_id) where job_id is not null;
create index idx_deployments_due on deployments (scheduled_at) where status = 'pending';
create index idx_deployments_to_release on deployments (created_at) where status in ('cancelled', 'stopped') and released_at is null;

-- Append-only build and deploy log (seed 000 build_logs); seq orders every line and is the SSE event id
create table deployment_logs (
    seq           bigserial    primary key,
    deployment_id uuid         not null references deployments (id),
    logged_at     timestamptz  not null default clock_timestamp(),
    level         varchar(10)  not null,
    line          text         not null
);
create index idx_deployment_logs_deployment on deployment_logs (deployment_id, seq);

-- Runtime state from heartbeats, one row per agent
create table agent_runtime (
    agent_id          uuid         primary key,
    deployment_id     uuid,
    runtime_status    varchar(20)  not null,
    last_heartbeat_at timestamptz  not null,
    changed_at        timestamptz  not null,
    constraint ck_agent_runtime_status check (runtime_status in ('healthy', 'degraded', 'down', 'stopped'))
);
create index idx_agent_runtime_live on agent_runtime (last_heartbeat_at) where runtime_status in ('healthy', 'degraded');

-- Executions reported by deployed agents (seed 001 workflow_executions)
create table executions (
    id                uuid         primary key,
    agent_id          uuid         not null,
    deployment_id     uuid,
    status            varchar(20)  not null,
    input             jsonb,
    output            jsonb,
    error             jsonb,
    execution_time_ms integer,
    cost_usd          numeric(14, 6),
    started_at        timestamptz  not null,
    completed_at      timestamptz,
    created_at        timestamptz  not null,
    constraint ck_executions_status check (status in ('running', 'success', 'error', 'waiting'))
);
create index idx_executions_agent_started on executions (agent_id, started_at desc, id desc);

-- The reasoning tree of an execution (seed 001 agent_thoughts)
create table agent_thoughts (
    id                 uuid          primary key,
    agent_id           uuid          not null,
    execution_id       uuid          not null references executions (id),
    node_id            varchar(100)  not null,
    node_type          varchar(20)   not null,
    parent_node_id     varchar(100),
    content            text          not null,
    confidence         numeric(3, 2),
    processing_time_ms integer,
    metadata           jsonb         not null default '{}',
    created_at         timestamptz   not null,
    constraint ck_agent_thoughts_node_type check (node_type in ('input', 'processing', 'action', 'output'))
);
create index idx_agent_thoughts_execution on agent_thoughts (execution_id, created_at);

-- Time series reported by deployed agents (seed 001 agent_metrics)
create table agent_metrics (
    id          uuid            primary key,
    agent_id    uuid            not null,
    metric_type varchar(100)    not null,
    value       numeric(18, 4)  not null,
    unit        varchar(50),
    recorded_at timestamptz     not null
);
create index idx_agent_metrics_agent_type_time on agent_metrics (agent_id, metric_type, recorded_at);
