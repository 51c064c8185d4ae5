-- When the user of a session last proved their password (the access token's auth_time claim): set at sign-in and
-- kept by every refresh, so a token minted by a refresh days later is not a fresh authentication.
alter table sessions add column authenticated_at timestamptz;
update sessions set authenticated_at = created_at;
alter table sessions alter column authenticated_at set not null;
