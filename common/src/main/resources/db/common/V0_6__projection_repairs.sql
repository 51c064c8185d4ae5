-- Rows of a projection found different from the state its source service sent again for reconciliation, and
-- repaired from it (dev.agora.common.reconciliation): what differed, in which row, found by which event.
create table projection_repairs (
    id          bigserial    primary key,
    projection  varchar(100) not null,
    subject     varchar(200) not null,
    fields      text         not null,
    event_id    varchar(255) not null,
    repaired_at timestamptz  not null default now()
);

create index idx_projection_repairs_recent on projection_repairs (repaired_at desc, id desc);
