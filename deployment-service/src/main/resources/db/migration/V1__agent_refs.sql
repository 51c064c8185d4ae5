-- What deployment-service knows about agents, projected from agents.v1 (agent-service owns agents).
-- A row keeps the fields of the newest snapshot seen (agent_version); deleted agents stay as tombstones
-- so a late, older event cannot bring them back.
create table agent_refs (
    agent_id      uuid         primary key,
    owner_id      uuid         not null,
    org_slugs     text[]       not null default '{}',
    subdomain     varchar(100),
    repo_owner    varchar(255),
    repo_name     varchar(255),
    status        varchar(50)  not null,
    -- SHA-256 of the agent's runtime token, from agora.agent.token-rotated.v1; null until one arrives
    token_hash    varchar(128),
    agent_version bigint       not null,
    updated_at    timestamptz  not null default now()
);

-- who may deploy: the owner, or an admin/agent_manager of one of the agent's organizations
create index idx_agent_refs_owner_id on agent_refs (owner_id);
create index idx_agent_refs_org_slugs on agent_refs using gin (org_slugs);
-- runtime reports authenticate with the agent token: look the agent up by the token's hash
create index idx_agent_refs_token_hash on agent_refs (token_hash) where token_hash is not null;
