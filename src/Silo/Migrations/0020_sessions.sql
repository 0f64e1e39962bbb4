-- Live sessions: the list read model (hosts and staff see all; invitees the sessions their address is invited to).
CREATE TABLE IF NOT EXISTS sessions (
    id             text PRIMARY KEY,
    host_ids       text[] NOT NULL,
    invitee_emails text[] NOT NULL,
    status         text NOT NULL,
    scheduled_at   timestamptz NOT NULL,
    version        bigint NOT NULL,
    document       jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_sessions_status_scheduled ON sessions (status, scheduled_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS ix_sessions_invitees ON sessions USING gin (invitee_emails);
CREATE INDEX IF NOT EXISTS ix_sessions_hosts ON sessions USING gin (host_ids);
