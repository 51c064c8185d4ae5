-- SHA-256 (hex) of the runtime token deployment-service minted for the deployment and put into its Secret;
-- the token itself is never stored
alter table deployments add column runtime_token_hash varchar(64);
create index idx_deployments_runtime_token on deployments (runtime_token_hash)
    where runtime_token_hash is not null and status in ('deploying', 'succeeded');
