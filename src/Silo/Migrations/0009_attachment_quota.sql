-- The daily upload quota sums a user's recent uploads; the cleanup finds old unreferenced ones.
CREATE INDEX IF NOT EXISTS ix_attachments_uploader_created ON attachments (uploader_id, created_at);
CREATE INDEX IF NOT EXISTS ix_attachments_created ON attachments (created_at);
