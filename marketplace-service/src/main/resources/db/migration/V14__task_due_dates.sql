-- The deadline sweep looks for not-finished tasks whose due date has passed, earliest first.
create index idx_tasks_open_due on tasks (due_date, id)
    where status in ('pending', 'in_progress') and due_date is not null;
