-- Machine principals (chain indexers, chain watchers), created by platform administrators. Their role becomes
-- the JWT group the services authorise on.
create table service_accounts (
    id          uuid          primary key,
    name        varchar(100)  not null,
    role        varchar(20)   not null,
    created_by  uuid          references users (id) on delete set null,
    created_at  timestamptz   not null default now(),
    constraint uq_service_accounts_name unique (name),
    constraint check_service_accounts_role check (role in ('ingestor', 'payments'))
);

-- API keys (seed 004): sk_live_ + 256 random bits, shown once; only the SHA-256 is stored. Exactly one owner:
-- a user, an organization or a service account. scopes: space-separated, e.g. 'agents:read agents:write'.
create table api_keys (
    id                  uuid          primary key,
    key_hash            varchar(64)   not null,
    prefix              varchar(16)   not null,
    name                varchar(100)  not null,
    user_id             uuid          references users (id) on delete cascade,
    organization_id     uuid          references organizations (id) on delete cascade,
    service_account_id  uuid          references service_accounts (id) on delete cascade,
    scopes              varchar(1000) not null,
    created_by          uuid          references users (id) on delete set null,
    created_at          timestamptz   not null default now(),
    last_used_at        timestamptz,
    expires_at          timestamptz,
    revoked_at          timestamptz,
    constraint uq_api_keys_key_hash unique (key_hash),
    constraint check_api_keys_one_owner check (num_nonnulls(user_id, organization_id, service_account_id) = 1)
);

create index idx_api_keys_user on api_keys (user_id) where user_id is not null;
create index idx_api_keys_organization on api_keys (organization_id) where organization_id is not null;
create index idx_api_keys_service_account on api_keys (service_account_id) where service_account_id is not null;
