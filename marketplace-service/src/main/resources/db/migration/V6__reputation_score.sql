-- seed 002 users.reputation_score: 0-100, null while the user has no facts (formula in the module README).
alter table user_profiles add column reputation_score integer check (reputation_score between 0 and 100);
