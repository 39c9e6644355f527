-- Records kept past their retention period because a legal matter is open: one row per
-- record held, with why and who placed the hold. Lifting a hold deletes its row; both
-- are written to the access log.
CREATE TABLE legal_holds (
    record_id     TEXT PRIMARY KEY,
    reason        TEXT NOT NULL,
    placed_by     TEXT NOT NULL,
    placed_at_ms  BIGINT NOT NULL
);

-- How long each kind of record is kept after its last change, in days, before
-- `pantau retention run` erases it. Ten years until the office sets its own schedule.
INSERT INTO settings (key, value) VALUES ('retention_days.subject', '3650');
INSERT INTO settings (key, value) VALUES ('retention_days.inspection', '3650');
INSERT INTO settings (key, value) VALUES ('retention_days.finding', '3650');
INSERT INTO settings (key, value) VALUES ('retention_days.amendment', '3650');
INSERT INTO settings (key, value) VALUES ('retention_days.meeting', '3650');
INSERT INTO settings (key, value) VALUES ('retention_days.action_item', '3650');
INSERT INTO settings (key, value) VALUES ('retention_days.election_period', '3650');

-- Deleted records, for the server's frequent erasure of what officers deleted.
CREATE INDEX records_deleted ON records (deleted) WHERE deleted = 1;
