-- Run once by the postgres image on an empty data directory (/docker-entrypoint-initdb.d/), as POSTGRES_USER.
-- One database per service; each service's Flyway creates its own tables at start-up.
CREATE DATABASE agora_gateway;
CREATE DATABASE agora_agents;
CREATE DATABASE agora_deployments;
CREATE DATABASE agora_marketplace;
CREATE DATABASE agora_triggers;
