-- Conflict review and record history look writes up by their stamp and by record.
CREATE INDEX change_log_hlc ON change_log (hlc);
CREATE INDEX conflicts_record ON conflicts (record_id);
