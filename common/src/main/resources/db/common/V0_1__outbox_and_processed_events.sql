-- Shared by every service (migration location db/common, from the common jar).

-- Transactional outbox: written in the same transaction as the business rows,
-- published to Kafka in seq order by the relay, deleted once acknowledged.
create table outbox_events (
    seq          bigserial    primary key,
    id           uuid         not null unique,
    topic        varchar(100) not null,
    event_type   varchar(200) not null,
    aggregate_id varchar(100) not null,
    payload      jsonb        not null,
    occurred_at  timestamptz  not null default now()
);

-- Idempotent consumer: one row per applied event (the CloudEvents ce_id),
-- written in the same transaction as the projection change.
create table processed_events (
    event_id     varchar(200) primary key,
    event_type   varchar(200) not null,
    topic        varchar(100) not null,
    processed_at timestamptz  not null default now()
);
