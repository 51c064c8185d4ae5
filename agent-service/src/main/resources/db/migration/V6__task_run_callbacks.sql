-- Agents that call back about their task: an A2A agent that accepted push notifications, and the time of its last
-- notification (api agents' status reports need no column: their callback token is derived from the task id, never
-- stored).
alter table task_runs add column push_notifications boolean not null default false;
alter table task_runs add column notified_at timestamptz;

comment on column task_runs.push_notifications is
    'the A2A agent was given a push notification config (its card says capabilities.pushNotifications): the run is '
    'polled only every push-follow-interval, as a safety net, and at once after each notification';
comment on column task_runs.notified_at is
    'when the agent''s last push notification arrived: one that arrives while a call is under way (after the run '
    'became due) makes the next tasks/get immediate, since that call may have read the state before the change';
