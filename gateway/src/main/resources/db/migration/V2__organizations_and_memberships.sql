-- Organizations (seed 003) and their memberships (seed 001 user_roles, scoped to an organization).
-- The slug is the organization's stable public name: access tokens carry {slug: role}, so it never changes.
create table organizations (
    id           uuid          primary key,
    slug         varchar(63)   not null,
    name         varchar(200)  not null,
    description  varchar(2000),
    url          varchar(2048),
    -- theme, features, limits (e.g. {"limits": {"maxAgents": 100}})
    settings     jsonb         not null default '{}',
    created_by   uuid          references users (id) on delete set null,
    created_at   timestamptz   not null default now(),
    updated_at   timestamptz   not null default now(),
    constraint uq_organizations_slug unique (slug),
    constraint check_organizations_slug check (slug ~ '^[a-z0-9-]{3,63}$'),
    constraint check_organizations_name check (length(btrim(name)) > 0),
    constraint check_organizations_settings check (jsonb_typeof(settings) = 'object')
);

create index idx_organizations_name on organizations (name);
create index idx_organizations_created_at on organizations (created_at);

-- One row per member of an organization. Every organization keeps at least one admin (enforced by the
-- gateway under a lock on the organization row).
create table memberships (
    organization_id  uuid        not null references organizations (id) on delete cascade,
    user_id          uuid        not null references users (id) on delete cascade,
    role             varchar(20) not null,
    granted_by       uuid        references users (id) on delete set null,
    granted_at       timestamptz not null default now(),
    primary key (organization_id, user_id),
    constraint check_memberships_role check (role in ('admin', 'agent_manager', 'viewer'))
);

create index idx_memberships_user on memberships (user_id);
