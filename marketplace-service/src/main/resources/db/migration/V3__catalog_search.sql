-- The catalog grows to the published agent of agents.v1 (contracts/agents.v1: published content, live state)
-- plus the counters this service maintains itself, and becomes searchable (full text + trigram typo tolerance).
create extension if not exists pg_trgm;

alter table catalog_agents
    alter column repo_owner drop not null,
    add column slug                 varchar(100),
    add column tagline              varchar(200),
    add column avatar_url           text,
    add column cover_image_url      text,
    add column agent_type           varchar(20),
    add column publication_status   varchar(20),
    add column published_version    varchar(50),
    add column published_at         timestamptz,
    add column availability         varchar(20),
    add column verified             boolean      not null default false,
    -- JSON arrays kept as text: read back whole, never queried inside (domain_slugs is the filter column)
    add column domains              text         not null default '[]',
    add column domain_slugs         text[]       not null default '{}',
    add column skills               text         not null default '[]',
    -- tags, skill names and domain names as one text, the part of the search document Java assembles
    add column search_terms         text,
    add column price_amount         bigint       not null default 1000000,
    add column price_asset          varchar(20)  not null default 'microALGO',
    add column hourly_rate          bigint,
    add column subscription_monthly bigint,
    -- published, active and not deleted: the only rows anyone outside sees (kept by the projector)
    add column listed               boolean      not null default false,
    -- maintained by this service's own writes (reviews, tasks, follows) in their transactions
    add column rating               numeric(3, 2) not null default 0,
    add column review_count         integer      not null default 0,
    add column hire_count           integer      not null default 0,
    add column follower_count       integer      not null default 0,
    add column search_document      tsvector generated always as (
        setweight(to_tsvector('english', coalesce(name, '')), 'A')
        || setweight(to_tsvector('english', coalesce(tagline, '')), 'B')
        || setweight(to_tsvector('english', coalesce(search_terms, '')), 'B')
        || setweight(to_tsvector('english', coalesce(description, '')), 'C')) stored;

-- rows projected before this migration came from snapshots without publicationStatus: legacy = published
update catalog_agents
   set listed = (status = 'active'),
       price_amount = price_microalgo,
       search_terms = array_to_string(tags, ' ');

drop index idx_catalog_agents_status_created;
drop index idx_catalog_agents_category;
drop index idx_catalog_agents_tags;

-- every public query has "listed": partial indexes, one per keyset sort (key, agent_id)
create index idx_catalog_newest on catalog_agents (created_at desc, agent_id desc) where listed;
create index idx_catalog_category_newest on catalog_agents (category, created_at desc, agent_id desc) where listed;
create index idx_catalog_rating on catalog_agents (rating desc, agent_id desc) where listed;
create index idx_catalog_popularity on catalog_agents (hire_count desc, agent_id desc) where listed;
create index idx_catalog_price on catalog_agents (price_amount, agent_id) where listed;
create index idx_catalog_tags on catalog_agents using gin (tags) where listed;
create index idx_catalog_domains on catalog_agents using gin (domain_slugs) where listed;
create index idx_catalog_search on catalog_agents using gin (search_document) where listed;
create index idx_catalog_name_trgm on catalog_agents using gin (name gin_trgm_ops) where listed;
-- not unique: the source guarantees uniqueness, and a projection must accept whatever order events arrive in
create index idx_catalog_slug on catalog_agents (slug);

-- typo tolerance: "oracel" must still find "Price oracle" (word similarity 0.57; pg_trgm's default needs 0.6).
-- A database default, so every pooled connection has it; the first call loads pg_trgm so the setting is known.
select similarity('a', 'b');
do $$ begin
    execute format('alter database %I set pg_trgm.word_similarity_threshold = 0.5', current_database());
end $$;
