-- Merges of two records of one foreign national: the merged record points to its
-- survivor through its `merged_into` field; this table keeps what the merge moved so
-- that an unmerge can move it back. An unmerged merge keeps its row, as the log says.
CREATE TABLE merges (
    merged_id        TEXT NOT NULL,
    survivor_id      TEXT NOT NULL,
    merged_by        TEXT NOT NULL,
    merged_at_ms     BIGINT NOT NULL,
    -- JSON list of the ids of the findings moved to the survivor.
    moved_findings   TEXT NOT NULL,
    -- JSON list of the ids of records merged earlier into the merged one, now pointing
    -- to the survivor.
    repointed        TEXT NOT NULL,
    unmerged_by      TEXT,
    unmerged_at_ms   BIGINT
);
CREATE INDEX merges_merged ON merges (merged_id);
