-- Secrets are bound to their place (owner, trigger, field such as actions[0].config.botToken): a job copies the
-- position of its action with the action's sealed settings, so they open as the action's own.
alter table action_jobs add column action_position integer;

update action_jobs j set action_position = a.position from trigger_actions a where a.id = j.action_id;

-- Jobs whose action was replaced before this column existed hold only legacy values (enc:v1:, bound to no place).
-- They get a position no action has: their values keep opening, and rotate-secrets binds them to that place, which
-- no action's secret can ever be moved to.
update action_jobs set action_position = -1 where action_position is null;

alter table action_jobs alter column action_position set not null;
