-- The keys by which two foreign nationals may be one person (shared/src/duplicates.rs),
-- one row per live, unmerged record and key: pairs are found by joining on the key
-- instead of reading every record. Kept up to date from the change log up to the
-- sequence number in settings `duplicate_keys_seq`; with no such setting the next
-- refresh reads every record.
CREATE TABLE subject_keys (
    record_id    TEXT NOT NULL,
    region_code  TEXT NOT NULL,
    reason       TEXT NOT NULL,
    match_key    TEXT NOT NULL
);
CREATE INDEX subject_keys_match ON subject_keys (reason, match_key);
CREATE INDEX subject_keys_record ON subject_keys (record_id);
