-- Pre-counts by one dimension (server/src/db/stat_counts.rs): for each variant, month and
-- district, how many units hold each value of one dimension (`dimension` is its code,
-- `value` the value, NULL where a unit has none), and the cell's total under the
-- dimension ''. A question by at most one dimension besides region and month, with no
-- filter, adds up these rows: a few per district and month, where `stat_counts` keeps a
-- row for every combination of all nine dimensions. Recounted with `stat_counts`, from
-- it, cell by cell.
CREATE TABLE stat_dimension_counts (
    variant    TEXT NOT NULL,
    dimension  TEXT NOT NULL,
    month      TEXT NOT NULL,
    region     TEXT NOT NULL,
    value      TEXT,
    n          BIGINT NOT NULL
);
-- Covering: a question reads one variant's dimension over a range of months from the
-- index alone.
CREATE INDEX stat_dimension_counts_read
    ON stat_dimension_counts (variant, dimension, month, region, value, n);

-- Every cell counted before this migration is counted again, into both tables.
INSERT INTO stat_dirty (variant, month, regency)
SELECT DISTINCT variant, month, SUBSTR(region, 1, 5) FROM stat_counts
ON CONFLICT DO NOTHING;
