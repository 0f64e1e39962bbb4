-- The users list for admins: one row per account, upserted by its user grain after its own state write (version-guarded).
-- Search is a case-insensitive prefix of the e-mail address or the display name; both are kept lower-cased here.
CREATE TABLE IF NOT EXISTS users
(
    id           varchar(64)  NOT NULL PRIMARY KEY,
    email        varchar(254) NOT NULL,
    display_name varchar(100) NOT NULL,
    email_key    varchar(254) NOT NULL,
    name_key     varchar(100) NOT NULL,
    roles        text[]       NOT NULL,
    disabled     boolean      NOT NULL,
    created_at   timestamptz  NOT NULL,
    version      integer      NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_users_created ON users (created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS ix_users_email_key ON users (email_key text_pattern_ops);
CREATE INDEX IF NOT EXISTS ix_users_name_key ON users (name_key text_pattern_ops);
