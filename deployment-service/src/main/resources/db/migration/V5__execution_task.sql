-- The hired task (agent-service's runtime task API) an execution ran; reported by the agent, null when none
alter table executions add column task_id uuid;
create index idx_executions_task on executions (task_id) where task_id is not null;
