-- Hardening: no poison case, no length limit on encrypted payloads. Written for H2 and PostgreSQL
-- alike: VARCHAR without a length is PostgreSQL's unlimited text and H2's longest character string
-- (10^9 characters), both read back as a plain string.

-- Encrypted payloads have no column limit a citizen could exceed: the report is capped in the code
-- (meldeweg.case.max-report-chars), visibly, before it is encrypted.
ALTER TABLE report_case ALTER COLUMN report_enc SET DATA TYPE VARCHAR;
ALTER TABLE inbound_message ALTER COLUMN text_enc SET DATA TYPE VARCHAR;
ALTER TABLE outbound_message ALTER COLUMN body SET DATA TYPE VARCHAR;

-- A case that cannot be forwarded is tried again with backoff and becomes a dead letter (state
-- DEAD) after meldeweg.case.max-attempts; waiting cases are taken by their next attempt time, so
-- cases that keep failing never hold back the others.
ALTER TABLE report_case ADD COLUMN attempts INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE report_case ADD COLUMN next_attempt_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE report_case ADD COLUMN last_error VARCHAR(1000);
CREATE INDEX report_case_waiting ON report_case (state, next_attempt_at);

CREATE INDEX erasure_audit_time ON erasure_audit (erased_at);
