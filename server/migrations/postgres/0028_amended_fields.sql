-- Findings and inspections as their amendments correct them (pantau_shared::correction):
-- one row per record that has a correction, with its fields amended, kept from the change
-- log with the counted units (server/src/db/stat_units.rs). Whatever the office counts,
-- exports or lists reads a record's fields from here when it has a row.
CREATE TABLE amended_fields (
    id      TEXT PRIMARY KEY,
    fields  TEXT NOT NULL
);
-- A record's amendments, found from its id.
CREATE INDEX records_amendment_original ON records ((fields::jsonb ->> 'original_id'))
WHERE entity = 'amendment';

-- The next refresh counts every unit again, now as amended.
DELETE FROM settings
WHERE key IN ('stat_units_seq', 'stat_units_build_seq', 'stat_units_build_after');
