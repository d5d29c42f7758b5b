-- A shared location (when an admin adds "location" to meldeweg.intake.accepted-types): its
-- coordinates, for Open311's lat/long. Name, address and map link go into text_enc.
ALTER TABLE inbound_message ADD COLUMN latitude DOUBLE PRECISION;
ALTER TABLE inbound_message ADD COLUMN longitude DOUBLE PRECISION;
