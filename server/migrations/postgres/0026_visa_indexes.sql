-- Visa index codes (pantau_shared::visa): each with its purpose, the stay permit it
-- leads to, and the days it is in force ('' = from the start of the records / still in
-- force). Seeded with the codes in use; an administrator adds and retires them.
CREATE TABLE visa_indexes (
    code TEXT NOT NULL PRIMARY KEY,
    purpose_id TEXT NOT NULL,
    purpose_en TEXT NOT NULL,
    permit_type TEXT NOT NULL DEFAULT '',
    valid_from TEXT NOT NULL DEFAULT '',
    valid_to TEXT NOT NULL DEFAULT '',
    successor TEXT NOT NULL DEFAULT '',
    set_by TEXT,
    set_at_ms BIGINT
);
INSERT INTO visa_indexes (code, purpose_id, purpose_en, permit_type) VALUES
    ('B1', 'Visa kunjungan saat kedatangan', 'Visa on arrival', 'ITK'),
    ('C1', 'Kunjungan wisata', 'Tourist visit', 'ITK'),
    ('D1', 'Kunjungan beberapa kali perjalanan (wisata)', 'Multiple-entry visit (tourism)', 'ITK'),
    ('D2', 'Kunjungan beberapa kali perjalanan (bisnis)', 'Multiple-entry visit (business)', 'ITK'),
    ('E23', 'Bekerja', 'Work', 'ITAS'),
    ('E28A', 'Investasi', 'Investor', 'ITAS'),
    ('E31', 'Penyatuan keluarga', 'Family', 'ITAS'),
    ('E33G', 'Pekerja jarak jauh', 'Remote worker', 'ITAS');
