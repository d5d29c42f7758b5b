-- Indexes for the pollers, so that their look for work does not scan tables that grow for months.
CREATE INDEX inbound_message_unassigned ON inbound_message (case_id, accepted, citizen_id);
CREATE INDEX report_case_state ON report_case (state, id);
