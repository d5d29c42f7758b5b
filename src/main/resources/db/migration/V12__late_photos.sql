-- Photos fetched after their case went out (a late photo) follow as PHOTOS_MAIL / PHOTOS_TICKET
-- deliveries. Each photo records when it went out on each channel, so it is sent on exactly once:
-- with the first mail/ticket when it was there in time, otherwise with a follow-up.
ALTER TABLE inbound_media ADD COLUMN fetched_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE inbound_media ADD COLUMN mailed_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE inbound_media ADD COLUMN ticketed_at TIMESTAMP WITH TIME ZONE;

-- Photos of cases that already reached the department went with that mail or ticket (photos
-- fetched late before this version stay where they are: what went out cannot be told apart).
UPDATE inbound_media SET mailed_at = CURRENT_TIMESTAMP WHERE content IS NOT NULL AND message_id IN (
    SELECT m.id FROM inbound_message m JOIN delivery d ON d.case_id = m.case_id WHERE d.channel = 'MAIL' AND d.state = 'DELIVERED');
UPDATE inbound_media SET ticketed_at = CURRENT_TIMESTAMP WHERE content IS NOT NULL AND message_id IN (
    SELECT m.id FROM inbound_message m JOIN delivery d ON d.case_id = m.case_id WHERE d.channel = 'TICKET' AND d.state = 'DELIVERED');
