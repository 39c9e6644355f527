-- Daily counts by one dimension (server/src/db/stat_counts.rs): for each variant, day
-- and regency, how many units hold each value of one dimension, and the day's total
-- under the dimension ''. A period rarely begins on the first of a month or ends on its
-- last: the days at its edges were read unit by unit, which over a province is a month
-- of units (about 0.25 s on PostgreSQL for inspections by agency). A question over at
-- most a regency's level, by at most one dimension and with no filter, reads these rows
-- for its edges instead. Kept at regency level: a question below it reads one regency's
-- units through their regency index, which is already few. Recounted with the monthly
-- counts, cell by cell, from the units.
CREATE TABLE stat_day_counts (
    variant    TEXT NOT NULL,
    dimension  TEXT NOT NULL,
    day        TEXT NOT NULL,
    region     TEXT NOT NULL,
    value      TEXT,
    n          BIGINT NOT NULL
);
-- Covering: an edge reads one variant's dimension over a range of days from the index
-- alone.
CREATE INDEX stat_day_counts_read
    ON stat_day_counts (variant, dimension, day, region, value, n);

-- Every dated cell counted before this migration is counted again, into all three tables.
INSERT INTO stat_dirty (variant, month, regency)
SELECT DISTINCT variant, month, SUBSTR(region, 1, 5) FROM stat_counts WHERE month <> ''
ON CONFLICT DO NOTHING;
