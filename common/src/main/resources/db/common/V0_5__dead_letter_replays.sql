-- Dead-lettered records this service has published again to their source topic (dev.agora.common.deadletter): a
-- listing marks them, and "replay all" skips them. A dead-letter topic is shared by every service consuming its source
-- topic, so each service keeps its own record of what it replayed.
create table dead_letter_replays (
    topic         varchar(255) not null,
    partition_no  integer      not null,
    record_offset bigint       not null,
    event_id      varchar(255),
    replayed_at   timestamptz  not null default now(),
    primary key (topic, partition_no, record_offset)
);
