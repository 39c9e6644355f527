-- Pantau's schema on PostgreSQL. Booleans are INTEGER 0/1 and times are Unix milliseconds,
-- so the same queries read both engines.

CREATE TABLE teams (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    region_code   TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL
);

CREATE TABLE officers (
    id            TEXT PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL,
    team_id       TEXT REFERENCES teams (id),
    agency        TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1,
    created_at_ms BIGINT NOT NULL
);

CREATE TABLE devices (
    id            TEXT PRIMARY KEY,
    officer_id    TEXT NOT NULL REFERENCES officers (id),
    name          TEXT NOT NULL,
    revoked       INTEGER NOT NULL DEFAULT 0,
    scope         TEXT,
    pulled_cursor BIGINT NOT NULL DEFAULT 0,
    last_seen_ms  BIGINT NOT NULL
);

CREATE TABLE sessions (
    token_hash    TEXT PRIMARY KEY,
    officer_id    TEXT NOT NULL REFERENCES officers (id),
    device_id     TEXT NOT NULL REFERENCES devices (id),
    created_at_ms BIGINT NOT NULL,
    expires_at_ms BIGINT NOT NULL
);

CREATE TABLE records (
    id            TEXT PRIMARY KEY,
    entity        TEXT NOT NULL,
    region_code   TEXT NOT NULL,
    fields        TEXT NOT NULL,
    field_seqs    TEXT NOT NULL,
    deleted       INTEGER NOT NULL DEFAULT 0,
    seq           BIGINT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL
);
CREATE INDEX records_entity_region ON records (entity, region_code);

CREATE TABLE change_log (
    seq            BIGSERIAL PRIMARY KEY,
    op_id          TEXT NOT NULL UNIQUE,
    entity         TEXT NOT NULL,
    record_id      TEXT NOT NULL,
    officer_id     TEXT NOT NULL,
    device_id      TEXT NOT NULL,
    hlc            TEXT NOT NULL,
    received_at_ms BIGINT NOT NULL,
    old_region     TEXT,
    new_region     TEXT NOT NULL,
    changes        TEXT NOT NULL,
    status         TEXT NOT NULL
);
CREATE INDEX change_log_record ON change_log (record_id, seq);
CREATE INDEX change_log_new_region ON change_log (new_region, seq);

CREATE TABLE conflicts (
    id                BIGSERIAL PRIMARY KEY,
    entity            TEXT NOT NULL,
    record_id         TEXT NOT NULL,
    region_code       TEXT NOT NULL,
    field             TEXT NOT NULL,
    kept_value        TEXT NOT NULL,
    kept_hlc          TEXT NOT NULL,
    losing_value      TEXT NOT NULL,
    losing_hlc        TEXT NOT NULL,
    op_id             TEXT NOT NULL,
    officer_id        TEXT NOT NULL,
    device_id         TEXT NOT NULL,
    detected_at_ms    BIGINT NOT NULL,
    status            TEXT NOT NULL DEFAULT 'open',
    resolved_by       TEXT,
    resolved_at_ms    BIGINT
);
CREATE INDEX conflicts_region ON conflicts (region_code, status);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO settings (key, value) VALUES ('overstay_daily_fee_idr', '1000000');
INSERT INTO settings (key, value) VALUES ('overstay_deportation_days', '60');
