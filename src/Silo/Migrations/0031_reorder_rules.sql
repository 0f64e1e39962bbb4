-- Reorder rules on products (purchasing suggestions read them with stock and open purchase order quantities).
ALTER TABLE products ADD COLUMN IF NOT EXISTS reorder_point integer NULL;
ALTER TABLE products ADD COLUMN IF NOT EXISTS reorder_quantity integer NULL;
CREATE INDEX IF NOT EXISTS ix_products_reorder ON products (id) WHERE reorder_point IS NOT NULL;
