-- Triggers (seed 004 `triggers`, `trigger_conditions`, `trigger_actions`, `trigger_state`). The filter and the
-- condition tree are kept as the JSON the owner wrote (validated, compiled in memory); state is per condition
-- (its JSON path in the tree) and per group key, never per trigger.
create table triggers (
    id           uuid         primary key,
    owner_id     uuid         not null,
    name         varchar(200) not null,
    description  text,
    enabled      boolean      not null default true,
    source_type  varchar(20)  not null check (source_type in ('chain', 'platform')),
    chain_id     bigint,
    registry     varchar(20)  check (registry in ('identity', 'reputation', 'validation')),
    event_types  text[]       not null default '{}',
    filter       text         not null default '[]',
    conditions   text,
    group_by     varchar(20),
    version      bigint       not null default 0,
    created_at   timestamptz  not null,
    updated_at   timestamptz  not null,
    check ((source_type = 'chain' and chain_id is not null and registry is not null)
        or (source_type = 'platform' and cardinality(event_types) > 0))
);

create index idx_triggers_owner on triggers (owner_id, created_at desc, id desc);
create index idx_triggers_enabled on triggers (enabled) where enabled;

create table trigger_actions (
    id          uuid        primary key,
    trigger_id  uuid        not null references triggers (id) on delete cascade,
    position    integer     not null,
    action_type varchar(20) not null check (action_type in ('rest', 'telegram', 'mcp', 'notification')),
    priority    integer     not null default 1, -- lower number first
    config      text        not null,
    unique (trigger_id, position)
);

create table trigger_state (
    trigger_id     uuid        not null references triggers (id) on delete cascade,
    condition_path text        not null,
    group_key      text        not null default '',
    state          jsonb       not null,
    updated_at     timestamptz not null default now(),
    primary key (trigger_id, group_key, condition_path)
);

-- One row per (trigger, event) that fired: the firing the action jobs of the delivery issue hang on (they are to be
-- inserted in the same transaction, referencing firing_id).
create table trigger_firings (
    id                 uuid        primary key,
    trigger_id         uuid        not null references triggers (id) on delete cascade,
    owner_id           uuid        not null,
    event_id           text        not null,
    event_source       varchar(20) not null,
    event_type         text        not null,
    agent_id           text,
    group_key          text        not null,
    matched_conditions jsonb       not null,
    state_snapshot     jsonb       not null,
    event              jsonb       not null,
    fired_at           timestamptz not null default now(),
    unique (trigger_id, event_id, group_key)
);

create index idx_trigger_firings_trigger on trigger_firings (trigger_id, fired_at desc, id desc);
create index idx_trigger_firings_fired_at on trigger_firings (fired_at);

-- Organization members, projected from identity.v1: who may see an organization's agents
create table org_members (
    org_slug varchar(100) not null,
    user_id  uuid         not null,
    role     varchar(30)  not null,
    primary key (org_slug, user_id)
);

create index idx_org_members_user on org_members (user_id);
