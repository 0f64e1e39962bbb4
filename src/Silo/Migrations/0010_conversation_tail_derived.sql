-- A conversation's newest message and a sender's implied read pointer are derived from the messages when read, so a
-- send writes only its message row. The copies kept on the conversation row are no longer written.
ALTER TABLE conversations DROP COLUMN IF EXISTS last_seq;
ALTER TABLE conversations DROP COLUMN IF EXISTS last_message;
