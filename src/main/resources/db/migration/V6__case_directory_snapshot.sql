-- What the directory said when the case was forwarded: retries deliver to the same place even if
-- the directory changes meanwhile, and the directory may live in another database.
ALTER TABLE report_case ADD COLUMN category_name VARCHAR(200);
ALTER TABLE report_case ADD COLUMN department_name VARCHAR(200);
ALTER TABLE report_case ADD COLUMN department_email VARCHAR(320);
ALTER TABLE report_case ADD COLUMN ticket_queue VARCHAR(200);
ALTER TABLE report_case ADD COLUMN service_code VARCHAR(64);
