-- The voter-list cross-check (server/src/voter_list.rs). An uploaded extract of the
-- voter list (DPT) is read once and never stored: only the rows that matched a foreign
-- national are kept, with the person's review of each.

-- Each check made: who checked which region, and what it read.
CREATE TABLE voter_list_checks (
    id              TEXT PRIMARY KEY,
    region          TEXT NOT NULL,
    checked_by      TEXT NOT NULL,
    checked_at_ms   BIGINT NOT NULL,
    rows_read       BIGINT NOT NULL,
    rows_refused    BIGINT NOT NULL,
    matches_found   BIGINT NOT NULL
);

-- A voter-list row that matched a foreign national: the row's NIK, name, polling
-- station (TPS) and village, nothing else of it. The same row found again by a later
-- check is the same match, its review kept.
CREATE TABLE voter_list_matches (
    id                  TEXT PRIMARY KEY,
    subject_id          TEXT NOT NULL,
    -- The foreign national's region when first found: what scopes the match.
    region              TEXT NOT NULL,
    strength            TEXT NOT NULL,
    voter_nik           TEXT NOT NULL,
    voter_name          TEXT NOT NULL,
    tps                 TEXT NOT NULL,
    kelurahan           TEXT NOT NULL,
    status              TEXT NOT NULL,
    first_check_id      TEXT NOT NULL,
    first_found_at_ms   BIGINT NOT NULL,
    last_check_id       TEXT NOT NULL,
    UNIQUE (subject_id, voter_nik, tps, kelurahan)
);
CREATE INDEX voter_list_matches_region ON voter_list_matches (region, first_found_at_ms);

-- Every review step of a match, oldest first: the match's history.
CREATE TABLE voter_list_reviews (
    match_id         TEXT NOT NULL,
    status           TEXT NOT NULL,
    note             TEXT,
    reviewed_by      TEXT NOT NULL,
    reviewed_at_ms   BIGINT NOT NULL
);
CREATE INDEX voter_list_reviews_match ON voter_list_reviews (match_id, reviewed_at_ms);
