-- Messaging: messages are stored before they are acknowledged; the conversation grain is the only writer of a
-- conversation's rows. (conversation, seq) is gapless per conversation; the client message id dedupes retries.
CREATE TABLE IF NOT EXISTS messages
(
    conversation_id   varchar(64)  NOT NULL,
    seq               bigint       NOT NULL,
    id                varchar(64)  NOT NULL,
    sender_id         varchar(64)  NOT NULL,
    text              text         NOT NULL,
    attachments       jsonb        NOT NULL DEFAULT '[]',
    sent_at           timestamptz  NOT NULL,
    client_message_id varchar(100) NOT NULL,
    PRIMARY KEY (conversation_id, seq)
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_messages_client_id ON messages (conversation_id, sender_id, client_message_id);

CREATE TABLE IF NOT EXISTS conversations
(
    id               varchar(64)  NOT NULL PRIMARY KEY,
    type             varchar(16)  NOT NULL,
    title            varchar(200) NULL,
    ticket_id        varchar(64)  NULL,
    created_at       timestamptz  NOT NULL,
    last_seq         bigint       NOT NULL DEFAULT 0,
    last_message     jsonb        NULL,
    last_activity_at timestamptz  NOT NULL
);

CREATE TABLE IF NOT EXISTS conversation_members
(
    conversation_id varchar(64) NOT NULL,
    user_id         varchar(64) NOT NULL,
    last_read_seq   bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX IF NOT EXISTS ix_conversation_members_user ON conversation_members (user_id);

CREATE TABLE IF NOT EXISTS attachments
(
    id           varchar(64)  NOT NULL PRIMARY KEY,
    uploader_id  varchar(64)  NOT NULL,
    file_name    varchar(255) NOT NULL,
    content_type varchar(100) NOT NULL,
    size         bigint       NOT NULL,
    data         bytea        NOT NULL,
    created_at   timestamptz  NOT NULL
);

CREATE TABLE IF NOT EXISTS message_attachments
(
    attachment_id   varchar(64) NOT NULL,
    conversation_id varchar(64) NOT NULL,
    seq             bigint      NOT NULL,
    PRIMARY KEY (attachment_id, conversation_id, seq)
);

-- Support: tickets (the ticket grain is the truth) and FAQ with ranked full-text search.
CREATE SEQUENCE IF NOT EXISTS ticket_numbers START 1001;

CREATE TABLE IF NOT EXISTS tickets
(
    id          varchar(64) NOT NULL PRIMARY KEY,
    customer_id varchar(64) NOT NULL,
    status      varchar(16) NOT NULL,
    priority    varchar(16) NOT NULL,
    assignee_id varchar(64) NULL,
    created_at  timestamptz NOT NULL,
    version     integer     NOT NULL,
    document    jsonb       NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_tickets_customer ON tickets (customer_id, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS ix_tickets_created ON tickets (created_at DESC, id DESC);

-- array_to_string is only stable in general; for text[] it is immutable, which a generated column needs.
CREATE OR REPLACE FUNCTION omnibiz_tags_text(tags text[]) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT array_to_string(tags, ' ') $$;

CREATE TABLE IF NOT EXISTS faq
(
    id         varchar(64)  NOT NULL PRIMARY KEY,
    question   varchar(500) NOT NULL,
    answer     text         NOT NULL,
    tags       text[]       NOT NULL DEFAULT '{}',
    updated_at timestamptz  NOT NULL,
    search     tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', question), 'A') ||
        setweight(to_tsvector('english', omnibiz_tags_text(tags)), 'B') ||
        setweight(to_tsvector('english', answer), 'C')) STORED
);
CREATE INDEX IF NOT EXISTS ix_faq_search ON faq USING gin (search);
