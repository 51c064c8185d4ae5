-- Users (seed 001 users) and their credentials. Emails are stored normalised (trimmed, lower-cased).
create table users (
    id             uuid         primary key,
    email          varchar(254) not null,
    password_hash  varchar(100) not null,
    display_name   varchar(100) not null,
    is_active      boolean      not null default true,
    last_login_at  timestamptz,
    created_at     timestamptz  not null default now(),
    updated_at     timestamptz  not null default now(),
    constraint uq_users_email unique (email),
    constraint check_users_email_normalised check (email = lower(btrim(email))),
    constraint check_users_display_name check (length(btrim(display_name)) > 0)
);

-- Rotating refresh tokens: only the SHA-256 of the opaque token is stored. Every rotation adds a row
-- to the same family; presenting a used token revokes the whole family.
create table refresh_tokens (
    id          uuid        primary key,
    user_id     uuid        not null references users (id) on delete cascade,
    family_id   uuid        not null,
    token_hash  varchar(64) not null,
    expires_at  timestamptz not null,
    created_at  timestamptz not null default now(),
    used_at     timestamptz,
    revoked_at  timestamptz,
    constraint uq_refresh_tokens_token_hash unique (token_hash)
);

create index idx_refresh_tokens_family on refresh_tokens (family_id);
create index idx_refresh_tokens_user on refresh_tokens (user_id);
