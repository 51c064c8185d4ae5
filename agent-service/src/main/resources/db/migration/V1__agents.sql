-- Agents (seed 000: 0rca agents), owned by the JWT subject (user_id).
create table agents (
    id               uuid         primary key default gen_random_uuid(),
    user_id          uuid         not null,
    name             varchar(255) not null,
    description      text,
    subdomain        varchar(100) not null,
    repo_owner       varchar(255) not null,
    repo_name        varchar(255) not null,
    github_url       text         not null,
    agent_address    varchar(58),
    app_id           bigint,
    agent_token      varchar(64),
    price_microalgo  bigint       not null default 1000000,
    status           varchar(50)  not null default 'pending',
    runtime_status   varchar(50)  not null default 'pending',
    category         varchar(100) not null default 'General',
    tags             text[]       not null default '{}',
    data_input       text,
    example_input    text,
    example_output   text,
    version          bigint       not null default 0,
    created_at       timestamptz  not null default now(),
    updated_at       timestamptz  not null default now(),
    constraint check_agent_status check (status in ('pending', 'deploying', 'active', 'inactive', 'failed', 'deleted')),
    constraint check_price_positive check (price_microalgo >= 0),
    constraint check_subdomain_format check (subdomain ~ '^[a-z0-9-]+$'),
    constraint check_agent_category check (category in ('Data Analysis', 'Content Creation', 'Development', 'Finance',
        'Social Media', 'Media', 'Language', 'Marketing', 'General')),
    constraint check_app_id_positive check (app_id is null or app_id >= 0)
);

create index idx_agents_user_id on agents (user_id);
create index idx_agents_status on agents (status);
create index idx_agents_category on agents (category);
-- keyset pagination of "my agents", newest first
create index idx_agents_user_created on agents (user_id, created_at desc, id desc);
-- A soft-deleted agent frees its subdomain and its repository for a new agent.
create unique index uq_agents_subdomain on agents (subdomain) where status <> 'deleted';
create unique index uq_agents_user_repo on agents (user_id, repo_owner, repo_name) where status <> 'deleted';

create or replace function update_updated_at_column() returns trigger as $$
begin
    -- the application sets updated_at itself (so events carry the stored value); this covers any other writer
    if new.updated_at is not distinct from old.updated_at then
        new.updated_at = now();
    end if;
    return new;
end;
$$ language plpgsql;

create trigger update_agents_updated_at before update on agents
    for each row execute function update_updated_at_column();
