-- Sign-in sessions that ended (agora.session.revoked.v1, or the gateway's own revocations): an access token whose
-- sid is here is refused. Each replica keeps them in memory (dev.agora.common.auth.RevokedSessions) and reads
-- the rows committed since its last look by transaction id: a transaction its previous read could not see has an
-- id at or above that read's snapshot xmin, so no row is missed however late its transaction commits.
-- A row is deleted once no token of its session can still be valid (purge_after: access-token lifetime + skew).
create table revoked_sessions (
    session_id   uuid        primary key,
    user_id      uuid        not null,
    revoked_at   timestamptz not null,
    purge_after  timestamptz not null,
    written_by   xid8        not null default pg_current_xact_id()
);

create index idx_revoked_sessions_written_by on revoked_sessions (written_by);
create index idx_revoked_sessions_purge_after on revoked_sessions (purge_after);
