-- Telegram's rate limits across all replicas (issue 10): the next free send time overall ('*', spaced by
-- 1/messages-per-second) and per chat ('chat:<chat_id>', spaced by per-chat-interval). A reservation locks the '*' row,
-- so reservations are serialized cluster-wide and each gets the next slot free under both limits.
create table telegram_send_slots (
    scope   text        primary key,
    next_at timestamptz not null
);

insert into telegram_send_slots (scope, next_at) values ('*', '-infinity');

-- A Telegram job whose slot was too far away goes back to pending until shortly before it, keeping the slot
alter table action_jobs add column send_slot timestamptz;
