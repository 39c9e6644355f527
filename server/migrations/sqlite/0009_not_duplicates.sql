-- Pairs of foreign nationals a coordinator or the central office reviewed and found to
-- be different people: never offered as potential duplicates again. The first id is
-- the smaller.
CREATE TABLE not_duplicates (
    first_id       TEXT NOT NULL,
    second_id      TEXT NOT NULL,
    decided_by     TEXT NOT NULL,
    decided_at_ms  BIGINT NOT NULL,
    PRIMARY KEY (first_id, second_id)
);
