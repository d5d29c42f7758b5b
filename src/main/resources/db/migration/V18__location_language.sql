-- The place a case's text names (street with house number, named place or district), as the
-- department sees it. It comes from the citizen's text, so it goes with the case: deleted by the
-- retention purge (cascade) and by erasure (explicitly, for cases kept without personal content).
CREATE TABLE case_location (
    case_id       BIGINT PRIMARY KEY REFERENCES report_case (id) ON DELETE CASCADE,
    kind          VARCHAR(16) NOT NULL,
    name          VARCHAR(200) NOT NULL,
    house_number  VARCHAR(16),
    postcode      VARCHAR(16),
    district      VARCHAR(100),
    latitude      DOUBLE PRECISION,
    longitude     DOUBLE PRECISION,
    label         VARCHAR(400) NOT NULL,
    also_named    VARCHAR(1000)
);
CREATE INDEX case_location_name ON case_location (kind, name);

-- A newer case at the place of an earlier, still open case of the same category.
CREATE TABLE case_similar (
    case_id          BIGINT NOT NULL REFERENCES report_case (id) ON DELETE CASCADE,
    earlier_case_id  BIGINT NOT NULL REFERENCES report_case (id) ON DELETE CASCADE,
    linked_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (case_id, earlier_case_id)
);
CREATE INDEX case_similar_earlier ON case_similar (earlier_case_id);

-- The language the citizen wrote their first message in (de, en, tr, ar, uk, ru; NULL: not
-- recognised, German is used). Deleted with the citizen.
ALTER TABLE citizen ADD COLUMN language VARCHAR(8);
-- The same, kept with the case for the department's mail ("Sprache: Englisch"); not personal.
ALTER TABLE report_case ADD COLUMN language VARCHAR(8);
-- When the receipt asked the citizen where the problem is (once per case).
ALTER TABLE report_case ADD COLUMN place_asked_at TIMESTAMP WITH TIME ZONE;
