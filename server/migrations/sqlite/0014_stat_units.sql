-- The office's counted units (server/src/db/stat_units.rs): one narrow row per unit a
-- stats question counts — a record, or a record and one part of it (a violation, a
-- stage of an administrative action, an agency) — with its region, its office-local
-- date ('' when it has none) and one typed column per dimension, so a question scans
-- the rows of one variant and one period instead of parsing every record's JSON.
-- Kept up to date from the change log up to the sequence number in settings
-- `stat_units_seq`; with no such setting the next refresh rebuilds every unit.
CREATE TABLE stat_units (
    variant            TEXT NOT NULL,
    day                TEXT NOT NULL,
    record_id          TEXT NOT NULL,
    part               TEXT NOT NULL,
    region             TEXT NOT NULL,
    d_nationality      TEXT,
    d_permit_type      TEXT,
    d_place_type       TEXT,
    d_status           TEXT,
    d_election_period  TEXT,
    d_agency           TEXT,
    d_violation        TEXT,
    d_stage            TEXT,
    d_action           TEXT,
    PRIMARY KEY (variant, day, record_id, part)
) WITHOUT ROWID;
CREATE INDEX stat_units_record ON stat_units (record_id);

-- What a unit of another record depends on: a finding's inspection and the foreign
-- national it cites, and the survivor a merged foreign national points to. A write to
-- one of those refreshes the findings that depend on it.
CREATE TABLE stat_links (
    record_id      TEXT PRIMARY KEY,
    inspection_id  TEXT,
    subject_id     TEXT,
    merged_into    TEXT
);
CREATE INDEX stat_links_inspection ON stat_links (inspection_id);
CREATE INDEX stat_links_subject ON stat_links (subject_id);
CREATE INDEX stat_links_merged_into ON stat_links (merged_into);

-- The records a refresh is working on, with their entity so that each kind of unit
-- reads only its own; empty outside a refresh's transaction.
CREATE TABLE stat_pending (
    id      TEXT PRIMARY KEY,
    entity  TEXT NOT NULL
);
