-- The overstay rule's versions, each in force from its day until the next begins
-- (pantau_shared::permit::OverstayRules). The version in force from the start of the
-- records has the empty day; it takes the values the settings kept until now.
CREATE TABLE overstay_rules (
    valid_from TEXT NOT NULL PRIMARY KEY,
    daily_fee_idr BIGINT NOT NULL,
    deportation_days BIGINT NOT NULL,
    set_by TEXT,
    set_at_ms BIGINT
);
INSERT INTO overstay_rules (valid_from, daily_fee_idr, deportation_days)
VALUES (
    '',
    COALESCE((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'overstay_daily_fee_idr'), 1000000),
    COALESCE((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'overstay_deportation_days'), 60)
);
DELETE FROM settings WHERE key IN ('overstay_daily_fee_idr', 'overstay_deportation_days');
