-- Purchasing: purchase order numbers, and the read models for suppliers, purchase orders and the activity feed.
-- Supplier and purchase order grains are the truth; each upserts its row after its own state write (version-guarded).
CREATE SEQUENCE IF NOT EXISTS purchase_order_numbers START 1;

CREATE TABLE IF NOT EXISTS suppliers
(
    id          varchar(64) NOT NULL PRIMARY KEY,
    name        varchar(200) NOT NULL,
    active      boolean     NOT NULL,
    search_text text        NOT NULL,
    created_at  timestamptz NOT NULL,
    version     integer     NOT NULL,
    document    jsonb       NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_suppliers_created ON suppliers (created_at DESC, id DESC);

CREATE TABLE IF NOT EXISTS purchase_orders
(
    id          varchar(64) NOT NULL PRIMARY KEY,
    number      varchar(32) NOT NULL UNIQUE,
    supplier_id varchar(64) NOT NULL,
    status      varchar(32) NOT NULL,
    expected_at timestamptz NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    version     integer     NOT NULL,
    document    jsonb       NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_purchase_orders_created ON purchase_orders (created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS ix_purchase_orders_supplier ON purchase_orders (supplier_id, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS ix_purchase_orders_status ON purchase_orders (status, created_at DESC, id DESC);

-- One row per purchase order change; the id names the order and its version, so a repeated append is a no-op.
CREATE TABLE IF NOT EXISTS purchasing_activity
(
    id                varchar(100) NOT NULL PRIMARY KEY,
    at                timestamptz  NOT NULL,
    kind              varchar(32)  NOT NULL,
    purchase_order_id varchar(64)  NOT NULL,
    supplier_id       varchar(64)  NOT NULL,
    actor_id          varchar(64)  NOT NULL,
    summary           varchar(500) NOT NULL,
    data              jsonb        NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_purchasing_activity_at ON purchasing_activity (at DESC, id DESC);
CREATE INDEX IF NOT EXISTS ix_purchasing_activity_order ON purchasing_activity (purchase_order_id, at DESC, id DESC);
CREATE INDEX IF NOT EXISTS ix_purchasing_activity_supplier ON purchasing_activity (supplier_id, at DESC, id DESC);
