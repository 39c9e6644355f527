-- No query reads through these indexes, and every push paid to keep them: a pull walks
-- the change log by sequence number and tests both the old and the new region of each
-- change (an index on the new region alone cannot answer that), and records are only
-- ever looked up by id. A query that needs one adds it with that query.
DROP INDEX change_log_new_region;
DROP INDEX records_entity_region;
