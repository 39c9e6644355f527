-- Monthly pre-counts of the counted units (server/src/db/stat_counts.rs): how many units
-- of a variant fall in one month and one district with the same dimension values. A
-- question over whole months and at most a district reads these few rows instead of
-- every unit; the units still answer the days of a part-month and a district's
-- villages. Kept exact by recounting, from the units, each (variant, month, regency)
-- cell whose units changed (listed in `stat_dirty`).
CREATE TABLE stat_counts (
    variant            TEXT NOT NULL,
    month              TEXT NOT NULL,
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
    n                  BIGINT NOT NULL
);
CREATE INDEX stat_counts_cell ON stat_counts (variant, month, region);

-- The cells to recount: `month` is 'YYYY-MM' ('' for undated units), `regency` the
-- first five characters of the units' region.
CREATE TABLE stat_dirty (
    variant  TEXT NOT NULL,
    month    TEXT NOT NULL,
    regency  TEXT NOT NULL,
    PRIMARY KEY (variant, month, regency)
);

-- A cell is recounted from the units of one regency and month, and a question about a
-- regency or a district reads its units through the same index.
CREATE INDEX stat_units_regency ON stat_units (variant, (SUBSTR(region, 1, 5)), day);

-- Units counted before this migration are counted again into cells.
INSERT INTO stat_dirty (variant, month, regency)
SELECT DISTINCT variant, SUBSTR(day, 1, 7), SUBSTR(region, 1, 5) FROM stat_units;
