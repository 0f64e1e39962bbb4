-- The invitation mail outbox: a row per invitation, claimed by one node at a time (locked_until), retried with backoff.
CREATE TABLE IF NOT EXISTS session_mail (
    invitation_id   text PRIMARY KEY,
    session_id      text NOT NULL,
    email           text NOT NULL,
    status          text NOT NULL DEFAULT 'pending',
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    locked_until    timestamptz,
    last_error      text,
    sent_at         timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS ix_session_mail_due ON session_mail (next_attempt_at) WHERE status = 'pending';
