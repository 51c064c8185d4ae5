-- The lease of the replica following a deploying deployment's rollout, renewed on every dispatcher tick; a deploying
-- deployment whose lease ran out (its service restarted or died) is followed again by whichever replica claims it
alter table deployments add column followed_at timestamptz;
create index idx_deployments_deploying on deployments (followed_at) where status = 'deploying';

-- Removing the driver's resources after a cancel or stop is retried with backoff: attempts so far, when the next
-- one is due (also the lease of the replica trying), and when it was given up after the last allowed attempt
alter table deployments add column release_attempts integer not null default 0;
alter table deployments add column release_next_at timestamptz;
alter table deployments add column release_failed_at timestamptz;
