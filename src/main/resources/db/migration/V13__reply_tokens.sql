-- Answers by mail count only with the secret token of a mail we sent (de.meldeweg.delivery.ReplyTokens).
-- No personal data: SHA-256 of tokens, ids, times, keyed hashes of staff addresses.

-- The tokens of the mails to departments, stored as SHA-256 only; they go with their case.
CREATE TABLE reply_token (
    token_hash   VARCHAR(64) PRIMARY KEY,
    case_id      BIGINT NOT NULL REFERENCES report_case (id) ON DELETE CASCADE,
    delivery_id  BIGINT NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX reply_token_case ON reply_token (case_id);

-- Explanations sent back to senders of mails that were not relayed: at most one per sender and
-- hour (sender_hash: keyed hash of the address); rows older than the hour are removed on the way.
CREATE TABLE reply_explanation (
    sender_hash   VARCHAR(64) PRIMARY KEY,
    explained_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Further addresses a department answers from besides its e-mail (config/departments.yaml
-- reply-from), comma-separated, exact addresses only.
ALTER TABLE department ADD COLUMN reply_from VARCHAR(4000);
