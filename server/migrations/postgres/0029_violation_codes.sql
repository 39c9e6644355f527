-- Violation codes (pantau_shared::violation_codes): what the field may record as a
-- violation, each with its name and the days it is in force ('' = from the start of the
-- records / still in force). Seeded with the codes in use; an administrator adds and
-- retires them. `overstay` and `political_activity` drive the finding form and the
-- election watch.
CREATE TABLE violation_codes (
    code TEXT NOT NULL PRIMARY KEY,
    label_id TEXT NOT NULL,
    label_en TEXT NOT NULL,
    valid_from TEXT NOT NULL DEFAULT '',
    valid_to TEXT NOT NULL DEFAULT '',
    successor TEXT NOT NULL DEFAULT '',
    set_by TEXT,
    set_at_ms BIGINT
);
INSERT INTO violation_codes (code, label_id, label_en) VALUES
    ('overstay', 'Melebihi izin tinggal (overstay)', 'Overstay'),
    ('permit_misuse', 'Penyalahgunaan izin tinggal', 'Permit misuse'),
    ('no_document', 'Tidak dapat menunjukkan dokumen', 'No document shown'),
    ('false_information', 'Keterangan/dokumen palsu', 'False information'),
    ('illegal_entry', 'Masuk tanpa melalui TPI', 'Illegal entry'),
    ('public_order', 'Membahayakan keamanan dan ketertiban umum', 'Public order'),
    ('fictitious_sponsor', 'Penjamin fiktif', 'Fictitious sponsor'),
    ('unreported_guest', 'Tamu asing tidak dilaporkan', 'Unreported guest'),
    ('political_activity', 'Kegiatan politik', 'Political activity'),
    ('unaccredited_observer', 'Pemantau pemilu tanpa akreditasi sah', 'Election observer without valid accreditation');
