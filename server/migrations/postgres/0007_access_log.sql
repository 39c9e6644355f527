-- Who read what in bulk: each export (and, later, every read) with its filters and how
-- many rows it carried.
CREATE TABLE access_log (
    id         BIGSERIAL PRIMARY KEY,
    at_ms      BIGINT NOT NULL,
    officer_id TEXT NOT NULL,
    device_id  TEXT,
    action     TEXT NOT NULL,
    target     TEXT NOT NULL,
    filters    TEXT NOT NULL,
    row_count  BIGINT NOT NULL
);
CREATE INDEX access_log_officer ON access_log (officer_id, at_ms);
