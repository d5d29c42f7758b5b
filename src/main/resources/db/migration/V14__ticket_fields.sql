-- Per category, extra fields of the ticket (config/departments.yaml "ticket-fields:", e.g. Redmine
-- category_id), as a JSON object. Configuration only, no personal data.
ALTER TABLE category ADD COLUMN ticket_fields VARCHAR(2000);
