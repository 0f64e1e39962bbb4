-- Catalog: active flag, full-text search, stock history.
ALTER TABLE products ADD COLUMN IF NOT EXISTS active boolean NOT NULL DEFAULT true;
ALTER TABLE products ADD COLUMN IF NOT EXISTS search tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', coalesce(name, '')), 'A') ||
        setweight(to_tsvector('simple', coalesce(description, '')), 'B') ||
        setweight(to_tsvector('simple', coalesce(category, '')), 'C')
    ) STORED;
CREATE INDEX IF NOT EXISTS ix_products_search ON products USING gin (search);
CREATE INDEX IF NOT EXISTS ix_products_category ON products (category, created_at DESC, id DESC);

CREATE TABLE IF NOT EXISTS stock_movements
(
    product_id  varchar(64)  NOT NULL,
    version     integer      NOT NULL,
    delta       integer      NOT NULL,
    stock_after integer      NOT NULL,
    reason      varchar(500) NOT NULL,
    actor_id    varchar(64)  NULL,
    order_id    varchar(64)  NULL,
    at          timestamptz  NOT NULL,
    PRIMARY KEY (product_id, version)
);

-- Orders: human-friendly numbers and the list read model (the order grain is the truth).
CREATE SEQUENCE IF NOT EXISTS order_numbers START 1001;

CREATE TABLE IF NOT EXISTS orders
(
    id           varchar(64)    NOT NULL PRIMARY KEY,
    order_number varchar(32)    NOT NULL UNIQUE,
    customer_id  varchar(64)    NOT NULL,
    status       varchar(32)    NOT NULL,
    total        numeric(14, 2) NOT NULL,
    created_at   timestamptz    NOT NULL,
    updated_at   timestamptz    NOT NULL,
    version      integer        NOT NULL,
    document     jsonb          NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_orders_customer ON orders (customer_id, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS ix_orders_status ON orders (status, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS ix_orders_created ON orders (created_at DESC, id DESC);
