-- Deployed agents pull their hired work with their access token or the runtime token of their current deployment:
-- both are looked up by hash.
alter table agents add column runtime_token_hash varchar(64);
create index idx_agents_token on agents (agent_token) where agent_token is not null;
create index idx_agents_runtime_token on agents (runtime_token_hash) where runtime_token_hash is not null;
-- the runs a deployed agent claims: its queued ones, and those whose runtime's lease lapsed
create index idx_task_runs_runtime on task_runs (agent_id, created_at)
    where transport = 'runtime' and status in ('queued', 'following');
