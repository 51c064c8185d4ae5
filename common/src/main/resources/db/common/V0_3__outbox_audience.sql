-- Who may see each event (JSON, see dev.agora.common.events.Audience): the relay sends it as the ce_audience header.
-- Rows written before the column existed have none, and are seen by nobody.
alter table outbox_events add column audience text;
