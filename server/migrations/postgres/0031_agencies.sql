-- Member agencies of a Tim PORA (pantau_shared::team::Agencies): the catalogue an
-- officer's agency and the agencies a record names (inspections, operations, Rakor
-- attendance, follow-up owners) are drawn from, each with its name and the days it is in
-- force ('' = from the start of the records / still in force). Seeded with the agencies
-- that sit on the teams today; an administrator adds and retires them. `IMIGRASI` is the
-- team's secretariat.
CREATE TABLE agencies (
    code TEXT NOT NULL PRIMARY KEY,
    label_id TEXT NOT NULL,
    label_en TEXT NOT NULL,
    valid_from TEXT NOT NULL DEFAULT '',
    valid_to TEXT NOT NULL DEFAULT '',
    successor TEXT NOT NULL DEFAULT '',
    set_by TEXT,
    set_at_ms BIGINT
);
INSERT INTO agencies (code, label_id, label_en) VALUES
    ('IMIGRASI', 'Kantor Imigrasi', 'Immigration office'),
    ('POLRES', 'Polres', 'Regency police'),
    ('POLSEK', 'Polsek', 'District police'),
    ('KODIM', 'Kodim', 'Military district command'),
    ('KORAMIL', 'Koramil', 'Military sub-district command'),
    ('LANAL', 'Lanal', 'Naval base'),
    ('KEJARI', 'Kejaksaan Negeri', 'District prosecutor'),
    ('BIN', 'Badan Intelijen Negara', 'State intelligence agency'),
    ('BNN', 'Badan Narkotika Nasional', 'National narcotics agency'),
    ('KESBANGPOL', 'Kesbangpol', 'National unity and politics office'),
    ('SATPOL_PP', 'Satpol PP', 'Civil service police'),
    ('DISNAKER', 'Dinas Tenaga Kerja', 'Manpower office'),
    ('DUKCAPIL', 'Dukcapil', 'Civil registry'),
    ('DPMPTSP', 'DPMPTSP', 'Investment and licensing office'),
    ('DISPAR', 'Dinas Pariwisata', 'Tourism office'),
    ('DINSOS', 'Dinas Sosial', 'Social affairs office'),
    ('DINKES', 'Dinas Kesehatan', 'Health office'),
    ('BAPENDA', 'Bapenda', 'Regional revenue agency'),
    ('CAMAT', 'Camat', 'District head'),
    ('PERBEKEL', 'Perbekel / Bendesa adat', 'Village head'),
    ('KPU', 'KPU', 'Election commission'),
    ('BAWASLU', 'Bawaslu', 'Election supervisory board'),
    ('KANWIL', 'Kantor Wilayah', 'Regional office (Kanwil)');
