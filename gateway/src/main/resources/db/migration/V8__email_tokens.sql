-- When the user proved they receive mail at their address (null: not yet). Accounts registered before this column
-- existed start unverified, like new ones: they ask for a verification mail once signed in.
alter table users add column email_verified_at timestamptz;

-- One-time tokens sent by mail: verifying the email address, resetting a forgotten password. Only the SHA-256 of a
-- token is stored. A token works once, before it expires, and only while it is the newest of its user and purpose
-- (a newer one supersedes it). email is the address the mail went to: the token proves nothing about another one.
create table email_tokens (
    id             uuid          primary key,
    user_id        uuid          not null references users (id) on delete cascade,
    purpose        varchar(20)   not null,
    token_hash     varchar(64)   not null,
    email          varchar(254)  not null,
    created_at     timestamptz   not null,
    expires_at     timestamptz   not null,
    used_at        timestamptz,
    superseded_at  timestamptz,
    constraint uq_email_tokens_hash unique (token_hash),
    constraint check_email_tokens_purpose check (purpose in ('verify-email', 'reset-password'))
);

create index idx_email_tokens_open on email_tokens (user_id, purpose) where used_at is null and superseded_at is null;
