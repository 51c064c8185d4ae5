-- In-app notifications (seed 001 notifications); user_id is the JWT subject of the recipient.
create table notifications (
    id          uuid         primary key default gen_random_uuid(),
    user_id     uuid         not null,
    type        varchar(100) not null,
    title       varchar(255) not null,
    message     text         not null,
    data        jsonb        not null default '{}',
    priority    varchar(20)  not null default 'medium',
    read_at     timestamptz,
    expires_at  timestamptz,
    created_at  timestamptz  not null default now(),
    constraint check_notification_priority check (priority in ('low', 'medium', 'high', 'critical'))
);

create index idx_notifications_user_id on notifications (user_id);
create index idx_notifications_created_at on notifications (created_at);
create index idx_notifications_priority on notifications (priority);
create index idx_unread_notifications on notifications (user_id, created_at) where read_at is null;
-- the feed: unread first, then newest; keyset on (read_at is not null, created_at, id)
create index idx_notifications_feed on notifications (user_id, (read_at is not null), created_at desc, id desc);
