-- What trigger-service knows about agents, projected from agents.v1 (agent-service owns agents):
-- enough to decide which agents a trigger's owner may see (own agents and their organizations' agents).
-- A row keeps the fields of the newest snapshot seen (agent_version); deleted agents stay as tombstones
-- so a late, older event cannot bring them back.
create table agent_refs (
    agent_id      uuid         primary key,
    owner_id      uuid         not null,
    org_slugs     text[]       not null default '{}',
    name          varchar(255),
    status        varchar(50)  not null,
    agent_version bigint       not null,
    updated_at    timestamptz  not null default now()
);

create index idx_agent_refs_owner_id on agent_refs (owner_id);
-- "agents of my organizations": org_slugs && the caller's org slugs
create index idx_agent_refs_org_slugs on agent_refs using gin (org_slugs);
