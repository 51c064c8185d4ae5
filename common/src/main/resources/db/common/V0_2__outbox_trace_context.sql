-- W3C traceparent of the transaction that wrote the event: the relay sends it as a Kafka header,
-- so a consumer's work joins the trace of the request that caused it.
alter table outbox_events add column trace_parent varchar(55);
