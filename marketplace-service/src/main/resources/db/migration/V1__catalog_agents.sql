-- Catalog projection of agents.v1 (seed 000 agents, the columns of active_agents_view plus what the
-- projection needs). Filled only from events: no constraints on values the source already validated,
-- so an event the source accepted can always be applied here.
create table catalog_agents (
    agent_id         uuid         primary key,
    owner_id         uuid         not null,
    name             varchar(255) not null,
    description      text,
    subdomain        varchar(100) not null,
    repo_owner       varchar(255) not null,
    category         varchar(100) not null default 'General',
    tags             text[]       not null default '{}',
    price_microalgo  bigint       not null default 1000000,
    status           varchar(50)  not null,
    runtime_status   varchar(50)  not null default 'pending',
    -- the snapshot version last applied: older or redelivered snapshots are ignored
    agent_version    bigint       not null,
    created_at       timestamptz  not null,
    updated_at       timestamptz  not null
);

-- the public list: status = 'active', newest first, keyset on (created_at, agent_id)
create index idx_catalog_agents_status_created on catalog_agents (status, created_at desc, agent_id desc);
create index idx_catalog_agents_category on catalog_agents (category);
create index idx_catalog_agents_tags on catalog_agents using gin (tags);
create index idx_catalog_agents_owner on catalog_agents (owner_id);
