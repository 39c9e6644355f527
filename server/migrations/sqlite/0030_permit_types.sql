-- Stay permit types (pantau_shared::permit::PermitTypes): the permits a foreign national
-- may hold, each with its name and the days it is in force ('' = from the start of the
-- records / still in force). Seeded with the types in use; an administrator adds and
-- retires them. `ITAP` drives the voter-list check (only its holders may have a KTP-el).
CREATE TABLE permit_types (
    code TEXT NOT NULL PRIMARY KEY,
    label_id TEXT NOT NULL,
    label_en TEXT NOT NULL,
    valid_from TEXT NOT NULL DEFAULT '',
    valid_to TEXT NOT NULL DEFAULT '',
    successor TEXT NOT NULL DEFAULT '',
    set_by TEXT,
    set_at_ms BIGINT
);
INSERT INTO permit_types (code, label_id, label_en) VALUES
    ('ITK', 'Izin Tinggal Kunjungan', 'Visit stay permit'),
    ('ITAS', 'Izin Tinggal Terbatas (KITAS)', 'Limited stay permit (KITAS)'),
    ('ITAP', 'Izin Tinggal Tetap (KITAP)', 'Permanent stay permit (KITAP)'),
    ('ITD', 'Izin Tinggal Diplomatik', 'Diplomatic stay permit'),
    ('ITDINAS', 'Izin Tinggal Dinas', 'Service stay permit');
