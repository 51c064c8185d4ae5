-- Organization-owned agents (seed 003 organizations; the seeds' RLS policies): an agent can belong to several
-- organizations, named by slug as the gateway's JWT `orgs` claim names them. ownerId stays the creator.
alter table agents add column organization_slugs text[] not null default '{}';
alter table agents add constraint check_organization_slugs_count check (cardinality(organization_slugs) <= 10);

-- "agents of my organizations" (organization_slugs && :orgs) and the ?org= filter (organization_slugs @> array[:org])
create index idx_agents_organization_slugs on agents using gin (organization_slugs);
-- ?tag= filter (tags @> array[:tag])
create index idx_agents_tags on agents using gin (tags);
-- keyset pagination of the other sorts
create index idx_agents_updated on agents (updated_at desc, id desc);
create index idx_agents_name on agents (name, id);
create index idx_agents_created on agents (created_at desc, id desc);
