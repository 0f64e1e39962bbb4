-- Read model for product lists and search. ProductGrain upserts its row after each state write;
-- the version guard keeps a late write from replacing a newer row.
CREATE TABLE IF NOT EXISTS products
(
    id          varchar(64)    NOT NULL PRIMARY KEY,
    name        varchar(200)   NOT NULL,
    description text           NOT NULL DEFAULT '',
    category    varchar(100)   NOT NULL DEFAULT '',
    price       numeric(12, 2) NOT NULL,
    stock       integer        NOT NULL,
    image_url   varchar(2000)  NULL,
    created_at  timestamptz    NOT NULL,
    version     integer        NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_products_created ON products (created_at DESC, id DESC);
