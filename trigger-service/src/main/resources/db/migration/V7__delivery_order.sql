-- Deliveries of one action of a trigger (its position) go out in the order the jobs were made: a job is claimed only
-- when no earlier job of the same trigger and position is still pending or running. seq is that order.
alter table action_jobs add column seq bigint generated always as identity;

create index idx_action_jobs_order on action_jobs (trigger_id, action_position, seq) where status in ('pending', 'running');
