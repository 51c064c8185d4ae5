-- One-time tickets for GET /api/marketplace/notifications/stream (EventSource cannot send an Authorization header).
-- Only the SHA-256 of a ticket is stored; a ticket is consumed by deleting its row, so it works on every replica once.
create table stream_tickets (
    token_hash  char(64)    primary key,
    user_id     uuid        not null,
    expires_at  timestamptz not null,
    created_at  timestamptz not null default now()
);

create index idx_stream_tickets_expires_at on stream_tickets (expires_at);
