-- The statistics page reads every case of the period (created_at, category, department, urgent,
-- forwarded, closed): with these columns in one index PostgreSQL reads them from the index alone
-- (an index-only scan) instead of visiting each wide case row with its encrypted report.
CREATE INDEX report_case_statistics ON report_case (created_at, id, category_code, dept_key, urgent, forwarded_at, closed_at);
