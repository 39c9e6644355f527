-- Administrative actions (pantau_shared::action_codes): the actions the field recommends
-- and the office decides, each with its name and the days it is in force ('' = from the
-- start of the records / still in force). Seeded with the actions of UU 6/2011 Pasal 75
-- in use; an administrator adds and retires them.
CREATE TABLE administrative_actions (
    code TEXT NOT NULL PRIMARY KEY,
    label_id TEXT NOT NULL,
    label_en TEXT NOT NULL,
    valid_from TEXT NOT NULL DEFAULT '',
    valid_to TEXT NOT NULL DEFAULT '',
    successor TEXT NOT NULL DEFAULT '',
    set_by TEXT,
    set_at_ms BIGINT
);
INSERT INTO administrative_actions (code, label_id, label_en) VALUES
    ('exit_ban', 'Pencantuman dalam daftar pencegahan', 'Exit-ban listing'),
    ('entry_ban', 'Pencantuman dalam daftar penangkalan', 'Entry-ban listing'),
    ('permit_restriction', 'Pembatasan izin tinggal', 'Permit restriction'),
    ('permit_change', 'Perubahan izin tinggal', 'Permit change'),
    ('permit_cancellation', 'Pembatalan izin tinggal', 'Permit cancellation'),
    ('place_ban', 'Larangan berada di tempat tertentu', 'Ban from certain places'),
    ('residence_obligation', 'Keharusan bertempat tinggal di tempat tertentu', 'Obligation to live at a certain place'),
    ('overstay_fee', 'Pengenaan biaya beban', 'Overstay fee'),
    ('deportation', 'Deportasi', 'Deportation'),
    ('detention', 'Pendetensian', 'Detention');
