-- Photos of accepted image messages, fetched from the Graph API after intake (never for other
-- types). Personal data: deleted with the message.
CREATE TABLE inbound_media (
    message_id       BIGINT PRIMARY KEY REFERENCES inbound_message (id) ON DELETE CASCADE,
    media_id         VARCHAR(128) NOT NULL,
    state            VARCHAR(16) NOT NULL,
    content          BYTEA,
    mime             VARCHAR(64),
    attempts         INTEGER DEFAULT 0 NOT NULL,
    next_attempt_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    last_error       VARCHAR(500)
);
CREATE INDEX inbound_media_due ON inbound_media (state, next_attempt_at);
