-- Edge rate limits: one token bucket per caller (api key, user or client address), shared by every gateway
-- replica. Refilled lazily: each request adds (now - updated_at) * refill rate, capped, and takes one token.
create table rate_limit_buckets (
    key         varchar(300)      primary key,
    tokens      double precision  not null,
    allowed     boolean           not null,
    updated_at  timestamptz       not null
);
