-- The console with 100,000 cases and 1,000,000 messages (bench/console.sh):
-- the overview's "latest errors" takes the newest deliveries by their last attempt; without an
-- index this read every delivery (two per case) on each refresh of the overview.
CREATE INDEX delivery_attempt ON delivery (next_attempt_at);
-- WhatsApp's error reports, newest first on the overview, and purged by their time.
CREATE INDEX whatsapp_error_recorded ON whatsapp_error (recorded_at);
