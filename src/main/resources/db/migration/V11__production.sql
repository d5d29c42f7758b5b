-- Rate limits of our WhatsApp sending (OutboundMessages.claimDue): when each message was last
-- handed to the Graph API, for "at most N per second" and "one per citizen every few seconds".
ALTER TABLE outbound_message ADD COLUMN attempted_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX outbound_message_attempted ON outbound_message (attempted_at);
CREATE INDEX outbound_message_citizen_attempted ON outbound_message (citizen_id, attempted_at);

-- One row that every instance locks while it claims messages to send, so the per-second limit
-- holds for the number across all instances.
CREATE TABLE whatsapp_send_lock (
    id  INTEGER PRIMARY KEY
);
INSERT INTO whatsapp_send_lock (id) VALUES (1);
