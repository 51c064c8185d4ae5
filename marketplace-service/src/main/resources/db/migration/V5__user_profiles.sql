-- A marketplace profile per user (seed 002 users): identity.v1 facts plus what the user sets here.
create table user_profiles (
    user_id         uuid         primary key,
    display_name    varchar(100),
    email           varchar(255),
    username        varchar(50)  unique,
    bio             varchar(500),
    avatar_url      varchar(2048),
    wallet_chain    varchar(20),
    wallet_address  varchar(100) unique,
    created_at      timestamptz  not null,
    updated_at      timestamptz  not null
);
