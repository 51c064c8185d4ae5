-- Chain events posted by indexers (seed 004 `events`): append-only. Rows are only ever inserted, and removed by the
-- retention purge once older than the configured age; an update is refused by the database itself.
create table events (
    id                text        primary key, -- {chainId}-{blockNumber}-{logIndex}
    chain_id          bigint      not null,
    block_number      bigint      not null,
    block_hash        text        not null,
    transaction_hash  text        not null,
    log_index         integer     not null,
    registry          text        not null check (registry in ('identity', 'reputation', 'validation')),
    event_type        text        not null,
    agent_id          text,                    -- uint256 in decimal
    block_timestamp   bigint      not null,    -- unix seconds
    owner             text,
    token_uri         text,
    metadata_key      text,
    metadata_value    text,
    client_address    text,
    feedback_index    bigint,
    score             integer,
    tag1              text,
    tag2              text,
    file_uri          text,
    file_hash         text,
    validator_address text,
    request_hash      text,
    response          integer,
    response_uri      text,
    response_hash     text,
    tag               text,
    created_at        timestamptz not null default now()
);

create index idx_events_time on events (block_timestamp desc, id desc);
create index idx_events_agent_time on events (agent_id, block_timestamp desc, id desc) where agent_id is not null;
create index idx_events_registry_type on events (registry, event_type, block_timestamp desc);
create index idx_events_chain_block on events (chain_id, block_number);
create index idx_events_created_at on events (created_at);

create function refuse_event_update() returns trigger as $$
begin
    raise exception 'events are append-only (%)', old.id;
end;
$$ language plpgsql;

create trigger events_append_only before update on events for each row execute function refuse_event_update();

-- The last block each indexer has processed, per chain
create table checkpoints (
    chain_id          bigint      primary key,
    last_block_number bigint      not null,
    last_block_hash   text        not null,
    updated_at        timestamptz not null default now()
);
