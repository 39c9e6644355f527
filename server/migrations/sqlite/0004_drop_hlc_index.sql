-- Authors of conflicting values are found through the record's own changes
-- (change_log_record), so every write no longer maintains an index on its stamp.
DROP INDEX change_log_hlc;
