-- The language of a case (report_case.language, for the department's mail and ticket) is written
-- by case assembly with the case from now on, no longer when the case is forwarded. Cases that
-- were assembled before and are not forwarded yet get it here, as the forwarding would have.
UPDATE report_case SET language = (SELECT language FROM citizen WHERE citizen.id = report_case.citizen_id)
WHERE language IS NULL AND state IN ('ASSEMBLED', 'REVIEW', 'DEAD');
