-- The office's review queue as a read model (server/src/db/case_review.rs): one row per
-- finding of a finalized inspection that has something to decide or a decision, with
-- its region, its inspection's start (the queue's order) and where it stands
-- (`awaiting`, or its decision's state). Kept from the change log with the counted
-- units, so a push pays nothing for it, and a page of the queue reads its own rows in
-- order where it read every finding. The next refresh builds it from the records, with
-- the units.
CREATE TABLE review_entries (
    finding_id  TEXT PRIMARY KEY,
    region      TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    state       TEXT NOT NULL
);
-- A page reads one state in order; the count of a region's entries comes from the index
-- alone.
CREATE INDEX review_entries_queue ON review_entries (state, started_at, finding_id, region);

DELETE FROM settings
WHERE key IN ('stat_units_seq', 'stat_units_build_seq', 'stat_units_build_after');
