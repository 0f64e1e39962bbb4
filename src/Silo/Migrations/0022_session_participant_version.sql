-- Seat changes reach the sessions list (participantCount) without a scheduling change: the row is guarded by the
-- session's version and its participant version together, each of which only grows.
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS participant_version bigint NOT NULL DEFAULT 0;
