-- A gateway replica takes tokens in leases (several at once for a caller who keeps it busy), so a take says how
-- many it granted. Refill uses the statement's own timestamp: one instant per take, never moving backwards.
alter table rate_limit_buckets add column granted integer not null default 0;

create function rate_limit_refilled(tokens float8, updated_at timestamptz, capacity float8, refill_per_second float8)
    returns float8 language sql stable as $$
    select least(capacity,
                 tokens + greatest(0, extract(epoch from statement_timestamp() - updated_at))::float8 * refill_per_second)
$$;
