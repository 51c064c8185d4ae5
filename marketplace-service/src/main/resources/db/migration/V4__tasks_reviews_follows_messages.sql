-- Hiring (seed 002 tasks). owner_id is the agent's owner when the task was created: the other party.
create table tasks (
    id            uuid          primary key,
    agent_id      uuid          not null references catalog_agents (agent_id),
    hirer_id      uuid          not null,
    owner_id      uuid          not null,
    title         varchar(200)  not null,
    description   text          not null,
    task_type     varchar(50),
    status        varchar(20)   not null check (status in ('pending', 'in_progress', 'completed', 'failed', 'cancelled')),
    priority      varchar(20)   not null check (priority in ('low', 'medium', 'high', 'urgent')),
    budget        numeric(18, 9),
    payment_type  varchar(20)   not null check (payment_type in ('fixed', 'hourly', 'subscription')),
    due_date      timestamptz,
    started_at    timestamptz,
    finished_at   timestamptz,
    failure_reason text,
    created_at    timestamptz   not null,
    updated_at    timestamptz   not null
);
create index idx_tasks_hirer on tasks (hirer_id, created_at desc, id desc);
create index idx_tasks_owner on tasks (owner_id, created_at desc, id desc);
create index idx_tasks_agent on tasks (agent_id);

-- Reviews (seed 002 reviews): one per task, by its hirer, once the task is completed
create table reviews (
    id                    uuid         primary key,
    task_id               uuid         not null unique references tasks (id),
    agent_id              uuid         not null references catalog_agents (agent_id),
    reviewer_id           uuid         not null,
    rating                integer      not null check (rating between 1 and 5),
    response_time_rating  integer      check (response_time_rating between 1 and 5),
    quality_rating        integer      check (quality_rating between 1 and 5),
    communication_rating  integer      check (communication_rating between 1 and 5),
    value_rating          integer      check (value_rating between 1 and 5),
    title                 varchar(200),
    review_text           varchar(5000),
    pros                  text[]       not null default '{}',
    cons                  text[]       not null default '{}',
    would_hire_again      boolean,
    owner_reply           varchar(5000),
    replied_at            timestamptz,
    created_at            timestamptz  not null
);
create index idx_reviews_agent_newest on reviews (agent_id, created_at desc, id desc);
create index idx_reviews_agent_rating on reviews (agent_id, rating, created_at desc, id desc);

-- Followers (seed 002 agent_followers)
create table agent_followers (
    user_id     uuid        not null,
    agent_id    uuid        not null references catalog_agents (agent_id),
    created_at  timestamptz not null,
    primary key (user_id, agent_id)
);
create index idx_agent_followers_agent on agent_followers (agent_id);
create index idx_agent_followers_user_newest on agent_followers (user_id, created_at desc, agent_id desc);

-- Messages between a task's hirer and the agent's owner (seed 002 messages): one thread per task
create table messages (
    id            uuid          primary key,
    task_id       uuid          not null references tasks (id),
    sender_id     uuid          not null,
    recipient_id  uuid          not null,
    message_text  varchar(5000) not null,
    read_at       timestamptz,
    created_at    timestamptz   not null
);
create index idx_messages_thread on messages (task_id, created_at, id);
create index idx_messages_unread on messages (recipient_id) where read_at is null;

-- Transactions (seed 002 transactions); the signature is the on-chain id, unique
create table transactions (
    id               uuid           primary key,
    user_id          uuid           not null,
    agent_id         uuid           not null references catalog_agents (agent_id),
    owner_id         uuid           not null,
    task_id          uuid           references tasks (id),
    signature        varchar(128)   not null unique,
    transaction_type varchar(20)    not null check (transaction_type in ('funding', 'payment', 'refund', 'subscription')),
    amount           numeric(18, 9) not null check (amount > 0),
    refunded_amount  numeric(18, 9) not null default 0 check (refunded_amount >= 0 and refunded_amount <= amount),
    asset            varchar(20)    not null,
    chain            varchar(20)    not null,
    status           varchar(20)    not null check (status in ('pending', 'confirmed', 'failed', 'refunded')),
    failure_reason   text,
    created_at       timestamptz    not null,
    confirmed_at     timestamptz,
    failed_at        timestamptz,
    refunded_at      timestamptz
);
create index idx_transactions_user on transactions (user_id, created_at desc, id desc);
create index idx_transactions_agent on transactions (agent_id, status);
