-- Profile fields (seed 001 users), the plan that sets edge rate limits, platform administrators,
-- and soft deletion: a deleted user keeps its row (other rows name it) but loses every personal field.
alter table users
    add column username        varchar(32),
    add column full_name       varchar(200),
    add column avatar_url      varchar(2048),
    add column plan            varchar(20)  not null default 'free',
    add column platform_admin  boolean      not null default false,
    add column deleted_at      timestamptz,
    add constraint uq_users_username unique (username),
    add constraint check_users_username check (username ~ '^[a-z0-9_-]{3,32}$'),
    add constraint check_users_plan check (plan in ('free', 'pro', 'enterprise'));

-- One row per sign-in: the refresh token family (refresh_tokens.family_id = sessions.id), with what the
-- user sees when they list their sessions.
create table sessions (
    id            uuid          primary key,
    user_id       uuid          not null references users (id) on delete cascade,
    created_at    timestamptz   not null default now(),
    last_used_at  timestamptz   not null default now(),
    user_agent    varchar(512),
    ip            varchar(64),
    revoked_at    timestamptz
);

create index idx_sessions_user on sessions (user_id, created_at);

insert into sessions (id, user_id, created_at, last_used_at, revoked_at)
select family_id, (array_agg(user_id))[1], min(created_at), max(coalesce(used_at, created_at)), max(revoked_at)
from refresh_tokens
group by family_id;

-- Failed sign-ins counted per key ('account:<email>' or 'ip:<address>') in a fixed window; reaching the
-- limit locks the key until locked_until. Keys of unknown emails are counted too: no account enumeration.
create table login_throttle (
    key                varchar(300) primary key,
    failures           integer      not null,
    window_started_at  timestamptz  not null,
    locked_until       timestamptz
);
