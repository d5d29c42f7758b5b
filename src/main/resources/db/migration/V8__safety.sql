-- Not an emergency line, abuse and floods. Written for H2 and PostgreSQL alike.

-- Cases held back from their department because of insulting, racist or degrading content,
-- until the central complaint office releases (forwards) or discards them. No personal data:
-- reason names the entries of config/safety/abuse.txt that matched; the pseudonymized text is
-- the case's report_enc. Goes with its case (erasure, retention).
CREATE TABLE case_review (
    case_id     BIGINT PRIMARY KEY REFERENCES report_case (id) ON DELETE CASCADE,
    reason      VARCHAR(1000) NOT NULL,
    held_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    decision    VARCHAR(16),
    decided_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX case_review_open ON case_review (decision, held_at);

-- Senders who flood (more than meldeweg.safety.flood-messages within flood-window): their
-- messages are stored but not assembled into a case before throttled_until. Goes with its
-- citizen (erasure, retention); rows of finished floods are removed by the next message.
CREATE TABLE flood_throttle (
    citizen_id       BIGINT PRIMARY KEY REFERENCES citizen (id) ON DELETE CASCADE,
    started_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    throttled_until  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The flood count looks at one sender's recent messages.
CREATE INDEX inbound_message_citizen_received ON inbound_message (citizen_id, received_at);
