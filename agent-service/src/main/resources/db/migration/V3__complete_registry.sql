-- The complete registry: seed 003 types (context | api | external) with their CHECK rules, seed 002 profile,
-- pricing, domains and skills, on-chain links, publication with frozen versions, the access token's hash, templates.

-- context and external agents need no repository (seed 000's columns become optional)
alter table agents alter column repo_owner drop not null;
alter table agents alter column repo_name drop not null;
alter table agents alter column github_url drop not null;

alter table agents drop constraint check_agent_status;
alter table agents add constraint check_agent_status
    check (status in ('pending', 'deploying', 'active', 'paused', 'inactive', 'failed', 'deleted'));

alter table agents
    add column slug                 varchar(100),
    add column tagline              varchar(200),
    add column avatar_url           text,
    add column cover_image_url      text,
    add column agent_type           varchar(20)  not null default 'api',
    add column department           varchar(100),
    add column context              text,
    add column llm_config           jsonb,
    -- secrets inside are AES-GCM ciphertexts ("enc:v1:..."), never plain text
    add column endpoint             jsonb,
    add column io_schema            jsonb,
    add column capabilities         text[]       not null default '{}',
    add column config               jsonb        not null default '{}',
    add column deployment_config    jsonb        not null default '{}',
    add column metadata             jsonb        not null default '{}',
    -- JSON arrays, kept as text (Hibernate Reactive binds json columns as objects only):
    -- [{slug, name, icon, primary, proficiency}] (from the domains table below); domain_slugs serves ?domain=
    add column domains              text         not null default '[]',
    add column domain_slugs         text[]       not null default '{}',
    -- [{name, category, level, yearsExperience}]
    add column skills               text         not null default '[]',
    add column pricing_amount       bigint,
    add column pricing_asset        varchar(20),
    add column hourly_rate          bigint,
    add column subscription_monthly bigint,
    add column chain                varchar(20),
    add column chain_id             bigint,
    add column chain_address        varchar(100),
    add column erc8004_agent_id     varchar(100),
    add column availability         varchar(20)  not null default 'available',
    add column verified             boolean      not null default false,
    add column publication_status   varchar(20)  not null default 'draft',
    add column published_version    varchar(50),
    add column published_at         timestamptz,
    -- the frozen snapshot of published_version, carried by every event as "published"
    add column published_snapshot   jsonb,
    add column token_rotated_at     timestamptz,
    add column deployment_url       text;

update agents set slug = case when length(subdomain) >= 3 then subdomain else 'agent-' || subdomain end,
                  pricing_amount = price_microalgo, pricing_asset = 'microALGO';
alter table agents alter column slug set not null;
alter table agents alter column pricing_amount set not null;
alter table agents alter column pricing_asset set not null;

alter table agents
    add constraint check_slug_format check (slug ~ '^[a-z0-9-]{3,100}$'),
    add constraint check_agent_type check (agent_type in ('context', 'api', 'external')),
    -- seed 003: context agents have an LLM configuration and a system prompt, never an endpoint
    add constraint check_context_agent check (agent_type <> 'context'
        or (llm_config is not null and context is not null and endpoint is null)),
    add constraint check_llm_config_only_context check (agent_type = 'context' or llm_config is null),
    -- api agents call an endpoint, or are built from their repository and reached at their deployment
    add constraint check_api_agent check (agent_type <> 'api' or endpoint is not null or github_url is not null),
    add constraint check_external_agent check (agent_type <> 'external' or endpoint is not null),
    add constraint check_availability check (availability in ('available', 'busy', 'offline')),
    add constraint check_publication_status check (publication_status in ('draft', 'published', 'archived')),
    add constraint check_pricing_positive check (pricing_amount >= 0 and coalesce(hourly_rate, 0) >= 0
        and coalesce(subscription_monthly, 0) >= 0),
    add constraint check_chain check (chain is null or chain in ('algorand', 'solana', 'ethereum'));

create unique index uq_agents_slug on agents (slug) where status <> 'deleted';
create index idx_agents_type on agents (agent_type);
create index idx_agents_domain_slugs on agents using gin (domain_slugs);

-- Seed 002's domains, with their icons.
create table domains (
    id          serial      primary key,
    slug        varchar(50) not null unique,
    name        varchar(50) not null unique,
    icon        varchar(10) not null,
    description text
);

insert into domains (slug, name, icon, description) values
    ('code-debugging', 'Code Debugging', '🐛', 'Finding and fixing defects in code'),
    ('content-creation', 'Content Creation', '✍️', 'Writing and producing content'),
    ('trading-strategies', 'Trading Strategies', '📈', 'Designing and running trading strategies'),
    ('data-analysis', 'Data Analysis', '📊', 'Exploring, modelling and reporting on data'),
    ('design', 'Design', '🎨', 'Visual, product and interface design'),
    ('research', 'Research', '🔬', 'Investigating topics and summarising findings'),
    ('security-audit', 'Security Audit', '🔒', 'Reviewing code and systems for vulnerabilities'),
    ('devops', 'DevOps', '⚙️', 'Building, deploying and operating software'),
    ('marketing', 'Marketing', '📱', 'Campaigns, growth and social media'),
    ('customer-support', 'Customer Support', '💬', 'Answering and resolving customer requests');

-- Published versions (seed 003's semantic version; the MCP Registry's immutable releases).
create table agent_versions (
    id           uuid        primary key,
    agent_id     uuid        not null references agents (id),
    version      varchar(50) not null,
    changes      text,
    snapshot     jsonb       not null,
    published_at timestamptz not null,
    published_by uuid        not null,
    constraint uq_agent_versions unique (agent_id, version)
);

create index idx_agent_versions_agent on agent_versions (agent_id, published_at desc);

-- Seed 001's agent templates.
create table agent_templates (
    id             uuid         primary key,
    name           varchar(255) not null,
    description    text,
    agent_type     varchar(20)  not null,
    default_config jsonb        not null default '{}',
    is_public      boolean      not null default false,
    created_by     uuid         not null,
    created_at     timestamptz  not null default now(),
    updated_at     timestamptz  not null default now(),
    constraint check_template_type check (agent_type in ('context', 'api', 'external'))
);

create index idx_agent_templates_visible on agent_templates (is_public, created_by, created_at desc);
