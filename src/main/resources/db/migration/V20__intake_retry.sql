-- A webhook event whose processing failed is tried again after a pause (de.meldeweg.Backoff,
-- meldeweg.intake.retry-initial, doubling), not on the next poll: intake takes only what is due.
-- NULL: due now (every event that never failed).
ALTER TABLE webhook_event ADD COLUMN next_attempt_at TIMESTAMP;
