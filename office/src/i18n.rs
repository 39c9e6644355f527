//! The office screens' texts, Bahasa Indonesia first. Sign-in texts are the field app's.

use pantau_shared::lang::Label;

pub const OFFICE_TITLE: Label = Label::new("Layar kantor", "Office screens");
pub const SIGN_OUT: Label = Label::new("Keluar", "Sign out");
pub const DEVICES: Label = Label::new("Perangkat", "Devices");
pub const ACCOUNTS: Label = Label::new("Akun", "Accounts");
pub const LOADING: Label = Label::new("Memuat…", "Loading…");
pub const NO_DEVICES: Label = Label::new(
    "Belum ada perangkat yang pernah masuk.",
    "No device has signed in yet.",
);
pub const COLUMN_USER: Label = Label::new("Pengguna", "User");
pub const COLUMN_DEVICE: Label = Label::new("Perangkat", "Device");
pub const COLUMN_LAST_SEEN: Label = Label::new("Terakhir terhubung", "Last connected");
pub const COLUMN_STATUS: Label = Label::new("Status", "Status");
pub const COLUMN_NAME: Label = Label::new("Nama", "Name");
pub const COLUMN_ROLE: Label = Label::new("Peran", "Role");
pub const COLUMN_TEAM: Label = Label::new("Tim", "Team");
pub const STATUS_ACTIVE: Label = Label::new("Aktif", "Active");
pub const STATUS_REVOKED: Label = Label::new("Dicabut", "Revoked");
pub const STATUS_DISABLED: Label = Label::new("Nonaktif", "Disabled");
pub const REVOKE: Label = Label::new("Cabut", "Revoke");
pub const REVOKE_QUESTION: Label = Label::new(
    "Cabut perangkat ini? Saat terhubung lagi, perangkat menghapus semua data yang disimpannya dan petugas harus masuk ulang.",
    "Revoke this device? When it next connects it deletes everything it holds, and the officer must sign in again.",
);
pub const REVOKE_YES: Label = Label::new("Ya, cabut perangkat", "Yes, revoke the device");
pub const CANCEL: Label = Label::new("Batal", "Cancel");
pub const DISABLE: Label = Label::new("Nonaktifkan", "Disable");
pub const ENABLE: Label = Label::new("Aktifkan", "Enable");
pub const OWN_ACCOUNT: Label = Label::new("akun Anda", "your account");
pub const ERROR_OWN_ACCOUNT: Label = Label::new(
    "Anda tidak dapat menonaktifkan akun Anda sendiri.",
    "You cannot disable your own account.",
);
pub const ERROR_OWN_DEVICE: Label = Label::new(
    "Anda tidak dapat mencabut perangkat yang sedang Anda pakai.",
    "You cannot revoke the device you are using.",
);
pub const ERROR_GONE: Label = Label::new(
    "Tidak ditemukan lagi; daftar dimuat ulang.",
    "No longer there; the list has been reloaded.",
);
pub const TEAMS: Label = Label::new("Tim", "Teams");
pub const NO_TEAMS: Label = Label::new("Belum ada tim.", "No team yet.");
pub const TEAM_ID: Label = Label::new("Kode tim", "Team id");
pub const REGION: Label = Label::new("Wilayah", "Region");
pub const AGENCY: Label = Label::new("Instansi", "Agency");
pub const NEW_TEAM: Label = Label::new("Tambah atau ubah tim", "Add or change a team");
pub const SAVE_TEAM: Label = Label::new("Simpan tim", "Save team");
pub const TEAM_SAVED: Label = Label::new("Tim disimpan.", "Team saved.");
pub const TEAM_ID_HINT: Label = Label::new(
    "Kode yang sudah ada mengubah nama dan wilayah tim itu.",
    "An existing id changes that team's name and region.",
);
pub const NEW_ACCOUNT: Label = Label::new("Akun baru", "New account");
pub const CREATE_ACCOUNT: Label = Label::new("Buat akun", "Create account");
pub const ACCOUNT_CREATED: Label = Label::new(
    "Akun dibuat. Sampaikan kata sandinya kepada pemilik akun secara langsung.",
    "Account created. Give its password to its owner in person.",
);
pub const NO_TEAM_CHOSEN: Label = Label::new(
    "— tanpa tim (administrator) —",
    "— no team (administrator) —",
);
pub const RESET_PASSWORD: Label = Label::new("Ganti kata sandi", "Reset password");
pub const NEW_PASSWORD: Label = Label::new("Kata sandi baru", "New password");
pub const SAVE_PASSWORD: Label = Label::new("Simpan kata sandi", "Save password");
pub const PASSWORD_RESET: Label = Label::new(
    "Kata sandi diganti; semua sesi akun itu diakhiri.",
    "Password changed; every session of that account has ended.",
);
pub const REASON_REQUIRED: Label = Label::new("wajib diisi", "is required");
pub const REASON_TOO_LONG: Label = Label::new("terlalu panjang", "is too long");
pub const REASON_FORMAT: Label = Label::new(
    "hanya huruf, angka, titik, tanda hubung dan garis bawah",
    "only letters, digits, dots, hyphens and underscores",
);
pub const REASON_CONTROL: Label = Label::new(
    "tidak boleh berisi tab atau baris baru",
    "must not hold tabs or line breaks",
);
pub const REASON_TOO_SHORT: Label = Label::new("minimal 8 karakter", "at least 8 characters");
pub const REASON_TAKEN: Label =
    Label::new("sudah dipakai akun lain", "is taken by another account");
pub const REASON_UNKNOWN_TEAM: Label = Label::new("tim itu tidak ada", "no such team");
pub const REASON_NOT_ALLOWED: Label =
    Label::new("bukan pilihan yang sah", "is not one of the choices");
pub const REASON_REGION: Label = Label::new(
    "bukan kode wilayah Kemendagri (mis. 51.01)",
    "is not a Kemendagri region code (e.g. 51.01)",
);
pub const NOT_ADMIN: Label = Label::new(
    "Layar kantor untuk administrator, koordinator tim dan Kanwil. Petugas lapangan bekerja di aplikasi lapangan.",
    "The office screens are for administrators, team coordinators and the Kanwil. Field officers work in the field app.",
);
pub const OPEN_FIELD_APP: Label = Label::new("Buka aplikasi lapangan", "Open the field app");

pub const TABLE_TITLE: Label = Label::new("Tabel", "Table");
pub const MEASURE: Label = Label::new("Yang dihitung", "Counting");
pub const ROWS: Label = Label::new("Baris", "Rows");
pub const COLUMNS: Label = Label::new("Kolom", "Columns");
pub const NO_COLUMNS: Label = Label::new("(tanpa kolom)", "(no columns)");
pub const PERIOD_FROM: Label = Label::new("Dari tanggal", "From");
pub const PERIOD_TO: Label = Label::new("Sampai tanggal", "To");
pub const PERIOD_NOT_APPLIED: Label = Label::new(
    "Orang asing dihitung sebagaimana datanya sekarang; periode tidak berlaku.",
    "Foreign nationals are counted as they stand now; the period does not apply.",
);
pub const PRESET_THIS_MONTH: Label = Label::new("Bulan ini", "This month");
pub const PRESET_LAST_MONTH: Label = Label::new("Bulan lalu", "Last month");
pub const PRESET_THIS_QUARTER: Label = Label::new("Kuartal ini", "This quarter");
pub const PRESET_LAST_QUARTER: Label = Label::new("Kuartal lalu", "Last quarter");
pub const PRESET_LAST_12_MONTHS: Label = Label::new("12 bulan terakhir", "Last 12 months");
pub const PRESET_ALL: Label = Label::new("Semua waktu", "All time");
pub const TOTAL: Label = Label::new("Jumlah", "Total");
pub const TOTAL_NOTE: Label = Label::new(
    "Jumlah menghitung setiap data sekali, meski tampil di lebih dari satu baris.",
    "Totals count each record once, even where it shows in more than one row.",
);
pub const EMPTY_PERIOD: Label = Label::new(
    "Tidak ada data untuk pilihan ini: semua angka nol.",
    "Nothing matches this choice: every figure is zero.",
);
pub const DATA_AS_OF: Label = Label::new("Data per", "Data as of");
pub const LOG_CHECKPOINT: Label = Label::new(
    "Titik periksa log catatan bertanda tangan",
    "Checkpoint of the signed-record log",
);
pub const LOG_CHECKPOINT_HINT: Label = Label::new(
    "Keadaan log pada akhir bulan, ditandatangani server: `pantau audit verify` dan tanda terima di tablet dapat dicocokkan dengannya.",
    "The log as it stood at the month's end, signed by the server: `pantau audit verify` and the receipts on the tablets can be checked against it.",
);
pub const LOG_ENTRIES: Label = Label::new("Jumlah catatan", "Entries");
pub const LOG_ROOT: Label = Label::new("Akar (RFC 6962)", "Root (RFC 6962)");
pub const LOG_SIGNATURE: Label = Label::new("Tanda tangan server", "Server signature");
pub const SIGNATURE: Label = Label::new("Tanda tangan", "Signature");
pub const NOT_SIGNED: Label = Label::new("Tidak ditandatangani", "Not signed");
pub const DIFFERS_FROM_SIGNED: Label = Label::new(
    "DATA TERSIMPAN BERBEDA dari yang ditandatangani",
    "STORED DATA DIFFERS from what was signed",
);
pub const SERVER_KEY: Label = Label::new("Kunci publik server", "Server public key");
pub const SERVER_KEY_HINT: Label = Label::new(
    "Tanda terima catatan bertanda tangan dan titik periksa di laporan bulanan diperiksa dengan kunci ini.",
    "Receipts for signed records and the monthly report's checkpoints are checked against this key.",
);
pub const DOWNLOAD_CSV: Label = Label::new("Unduh CSV", "Download CSV");
pub const DOWNLOAD_XLSX: Label = Label::new("Unduh XLSX", "Download XLSX");
pub const ERROR_QUERY: Label = Label::new(
    "Pilihan ini tidak dapat dihitung; periksa tanggalnya.",
    "This choice cannot be counted; check the dates.",
);

/// What a measure counts, as the office reads it.
pub fn measure_label(measure: pantau_shared::stats::Measure) -> Label {
    use pantau_shared::stats::Measure::*;
    match measure {
        Subjects => Label::new("Orang asing", "Foreign nationals"),
        Inspections => Label::new("Pemeriksaan", "Inspections"),
        Findings => Label::new("Temuan", "Findings"),
        Violations => Label::new("Pelanggaran", "Violations"),
        Meetings => Label::new("Rakor", "Coordination meetings"),
        FollowUps => Label::new("Tindak lanjut", "Follow-ups"),
        Actions => Label::new("Tindakan administratif (TAK)", "Administrative actions"),
    }
}

/// A dimension's name, as the office reads it.
pub fn dimension_label(dimension: pantau_shared::stats::Dimension) -> Label {
    use pantau_shared::stats::Dimension::*;
    match dimension {
        Region => Label::new("Wilayah", "Region"),
        Nationality => Label::new("Kewarganegaraan", "Nationality"),
        PermitType => Label::new("Jenis izin tinggal", "Stay permit"),
        Month => Label::new("Bulan", "Month"),
        Violation => Label::new("Pelanggaran", "Violation"),
        PlaceType => Label::new("Jenis tempat", "Place type"),
        Agency => Label::new("Instansi", "Agency"),
        Status => Label::new("Status", "Status"),
        ElectionPeriod => Label::new("Masa pemilu", "Election period"),
        Action => Label::new("Tindakan administratif", "Administrative action"),
        Stage => Label::new("Tahap", "Stage"),
    }
}

pub const MAP_TITLE: Label = Label::new("Peta pengawasan", "Oversight map");
pub const MAP_HINT: Label = Label::new(
    "Warna menunjukkan jumlah per wilayah. Ketuk wilayah untuk mempersempit halaman ini ke wilayah itu.",
    "Colours show the count per area. Tap an area to narrow this page to it.",
);
pub const MAP_UP: Label = Label::new("Naik satu tingkat wilayah", "Up one region level");
pub const MAP_NONE: Label = Label::new("Tidak ada", "None");
pub const MAP_UNAVAILABLE: Label = Label::new(
    "Batas wilayah di bawah tingkat ini belum tersedia; lihat tabel.",
    "Boundaries below this level are not available; see the table.",
);
pub const REGION_FILTER: Label = Label::new("Wilayah", "Region");
pub const WHOLE_SCOPE: Label = Label::new("seluruh wilayah Anda", "your whole region");
/// Followed by the dimensions whose filters do not apply.
pub const NOT_NARROWED: Label = Label::new(
    "Saringan tidak berlaku untuk angka ini:",
    "Filters that do not apply to this figure:",
);
/// A filter's choice that keeps every value.
pub const ALL_VALUES: Label = Label::new("Semua", "All");

pub const NAV_TABLE: Label = Label::new("Angka", "Figures");
pub const NAV_DUPLICATES: Label = Label::new("Kemungkinan ganda", "Possible duplicates");
pub const NAV_CONFLICTS: Label = Label::new("Konflik data", "Data conflicts");
pub const DUPLICATES_TITLE: Label = Label::new(
    "Orang asing yang mungkin tercatat dua kali",
    "Foreign nationals who may be recorded twice",
);
pub const DUPLICATES_INTRO: Label = Label::new(
    "Dua catatan dengan paspor, NIK, atau nama dan tanggal lahir yang sama. Gabungkan bila orangnya sama; catatan yang digabungkan menunjuk ke catatan yang disimpan, dan pemeriksaannya ikut.",
    "Two records sharing a passport, a NIK, or a name and date of birth. Merge them if they are one person: the merged record points to the one kept, and its inspections follow.",
);
pub const NO_DUPLICATES: Label = Label::new(
    "Tidak ada kemungkinan data ganda di wilayah Anda.",
    "There are no possible duplicates in your region.",
);
pub const STRONG_MATCH: Label = Label::new("Kecocokan kuat", "Strong match");
pub const WEAK_MATCH: Label = Label::new("Kecocokan lemah", "Weak match");
pub const REASON_PASSPORT: Label = Label::new(
    "nomor paspor dan kewarganegaraan sama",
    "same passport number and nationality",
);
pub const REASON_NIK: Label = Label::new("NIK sama", "same NIK");
pub const REASON_NAME_AND_BIRTH: Label =
    Label::new("nama dan tanggal lahir sama", "same name and date of birth");
pub const KEEP_THIS: Label = Label::new("Simpan catatan ini", "Keep this record");
pub const CHOICE_HINT: Label = Label::new(
    "Di baris yang berbeda, pilih nilai yang dipertahankan; tanpa pilihan, nilai yang terakhir ditulis yang dipakai.",
    "Where the rows differ, choose the value to keep; without a choice, the value written last is kept.",
);
pub const MERGE: Label = Label::new("Gabungkan", "Merge");
pub const NOT_SAME: Label = Label::new("Bukan orang yang sama", "Not the same person");
pub const MERGED: Label = Label::new(
    "Digabungkan. Tablet akan menampilkan satu orang setelah sinkron.",
    "Merged. Tablets show one person after they sync.",
);
pub const UNMERGE: Label = Label::new("Batalkan penggabungan", "Undo the merge");
pub const UNMERGED: Label = Label::new(
    "Penggabungan dibatalkan: keduanya kembali menjadi catatan sendiri.",
    "Merge undone: both are records of their own again.",
);
pub const NOT_SAME_RECORDED: Label = Label::new(
    "Dicatat sebagai dua orang; pasangan ini tidak akan ditawarkan lagi.",
    "Recorded as two people; this pair will not be offered again.",
);
pub const ERROR_PAIR_CHANGED: Label = Label::new(
    "Catatan ini sudah diubah orang lain; daftar dimuat ulang.",
    "Someone else changed these records; the list has been reloaded.",
);
pub const ERROR_OUT_OF_SCOPE: Label = Label::new(
    "Salah satu catatan berada di luar wilayah Anda.",
    "One of the records lies outside your region.",
);
pub const PREVIOUS_DOCUMENTS: Label = Label::new("Dokumen sebelumnya", "Previous documents");

pub const NAV_REPORT: Label = Label::new("Laporan bulanan", "Monthly report");
pub const MONTH: Label = Label::new("Bulan", "Month");
pub const PRINT: Label = Label::new("Cetak", "Print");
pub const CHOOSE_TEAM: Label = Label::new("Pilih tim.", "Choose a team.");
pub const COUNT: Label = Label::new("Jumlah", "Count");
pub const REPORT_OFFICE: Label = Label::new(
    "Kementerian Imigrasi dan Pemasyarakatan — Kantor Wilayah Bali",
    "Ministry of Immigration and Corrections — Bali Regional Office",
);
pub const REPORT_TITLE: Label = Label::new(
    "Laporan Bulanan Tim Pengawasan Orang Asing",
    "Monthly Report of the Foreigner Oversight Team",
);
pub const PERIOD: Label = Label::new("Periode", "Period");
pub const SECTION_MEETINGS: Label = Label::new(
    "I. Rapat koordinasi (Rakor)",
    "I. Coordination meetings (Rakor)",
);
pub const SECTION_INSPECTIONS: Label = Label::new(
    "II. Pemeriksaan lapangan dan operasi gabungan",
    "II. Field checks and joint operations",
);
pub const SECTION_VIOLATIONS: Label = Label::new(
    "III. Pelanggaran dan tindakan administratif keimigrasian (TAK)",
    "III. Violations and administrative actions (TAK)",
);
pub const SECTION_FOLLOW_UPS: Label = Label::new("IV. Tindak lanjut", "IV. Follow-ups");
pub const NONE_THIS_MONTH: Label = Label::new("Tidak ada pada bulan ini.", "None this month.");
pub const DATE: Label = Label::new("Tanggal", "Date");
pub const THEME: Label = Label::new("Tema dan tempat", "Theme and place");
pub const ATTENDING: Label = Label::new("Instansi hadir", "Agencies present");
pub const DECISIONS: Label = Label::new("Keputusan", "Decisions");
pub const WARRANTS: Label = Label::new("Surat perintah", "Written orders");
pub const PLACE_TYPE: Label = Label::new("Jenis tempat", "Place type");
pub const STATUS: Label = Label::new("Status", "Status");
pub const FOREIGNERS_CHECKED: Label =
    Label::new("Orang asing yang diperiksa", "Foreign nationals checked");
pub const NATIONALITY_PERMIT: Label = Label::new(
    "Kewarganegaraan · izin tinggal",
    "Nationality · stay permit",
);
pub const VIOLATION: Label = Label::new("Pelanggaran", "Violation");
pub const ACTIONS_HEADING: Label = Label::new(
    "Tindakan administratif: rekomendasi tim dan keputusan kantor",
    "Administrative actions: the team's recommendation and the office's decision",
);
pub const ACTION: Label = Label::new("Tindakan", "Action");
pub const RECOMMENDED: Label = Label::new("Direkomendasikan", "Recommended");
pub const DECIDED: Label = Label::new("Diputuskan", "Decided");
pub const DUE_DATE: Label = Label::new("Batas waktu", "Due");
pub const FOLLOW_UP: Label = Label::new("Tindak lanjut", "Follow-up");
pub const OWNER: Label = Label::new("Penanggung jawab", "Owner");
pub const TEAM_CHAIR: Label = Label::new("Ketua Tim PORA", "Chair of the Tim PORA");
pub const HEAD_OF_SECTION: Label = Label::new(
    "Kepala Seksi Inteldakim",
    "Head of Intelligence and Enforcement",
);
pub const ERROR_REPORT_QUERY: Label =
    Label::new("Bulan tidak dapat dibaca.", "The month cannot be read.");
pub const ERROR_NO_TEAM: Label = Label::new("Tim itu tidak ada.", "There is no such team.");
pub const ERROR_REPORT_SCOPE: Label = Label::new(
    "Laporan tim ini di luar wilayah Anda.",
    "This team's report is outside your region.",
);
pub const ERROR_DOWNLOAD: Label = Label::new(
    "Unduhan gagal; periksa koneksi, lalu coba lagi.",
    "The download failed; check the connection, then try again.",
);
pub const NAV_SUMMARY: Label = Label::new("Ringkasan", "Summary");
pub const CARD_INSPECTIONS: Label = Label::new("Pemeriksaan", "Inspections");
pub const CARD_FINDINGS: Label = Label::new("Temuan", "Findings");
pub const CARD_VIOLATIONS: Label = Label::new("Pelanggaran", "Violations");
pub const CARD_ACTIONS_RECOMMENDED: Label =
    Label::new("TAK direkomendasikan", "Actions recommended");
pub const CARD_ACTIONS_DECIDED: Label = Label::new("TAK diputuskan", "Actions decided");
pub const CARD_OVERSTAY_FEES: Label =
    Label::new("Biaya beban overstay diputuskan", "Overstay fees decided");
pub const CARD_MEETINGS: Label = Label::new("Rakor", "Rakor");
pub const CARD_POLITICAL_ACTIVITY: Label = Label::new(
    "Kegiatan politik oleh orang asing",
    "Political activity by foreigners",
);
pub const CARD_FOLLOW_UPS_DUE: Label = Label::new("Tindak lanjut jatuh tempo", "Follow-ups due");
pub const CARD_FOLLOW_UPS_OPEN: Label =
    Label::new("Tindak lanjut belum selesai", "Follow-ups not done");
pub const OVERDUE: Label = Label::new("lewat batas waktu", "overdue");
pub const AGAINST_LAST_MONTH: Label = Label::new("dibanding bulan lalu", "against last month");
pub const LAST_12_MONTHS_TOTAL: Label = Label::new("12 bulan:", "12 months:");
pub const MONTHS_SHOWN: Label = Label::new(
    "Bulan ini dan 11 bulan sebelumnya:",
    "This month and the 11 before:",
);
pub const SUBJECTS_BY_PERMIT: Label = Label::new(
    "Orang asing menurut izin tinggal",
    "Foreign nationals by stay permit",
);

pub const NAV_TREND: Label = Label::new("Tren", "Trends");
pub const TREND_TITLE: Label = Label::new("Tren bulanan", "Monthly trends");
pub const TREND_INTRO: Label = Label::new(
    "Setiap bulan dari 12 bulan terakhir, di samping bulan yang sama setahun sebelumnya.",
    "Each of the last 12 months, beside the same month a year before.",
);
pub const TREND_THIS_YEAR: Label = Label::new("12 bulan terakhir", "Last 12 months");
pub const TREND_YEAR_BEFORE: Label = Label::new("Setahun sebelumnya", "A year before");
pub const TREND_CHANGE: Label = Label::new("Perubahan", "Change");

pub const NAV_TEAMS: Label = Label::new("Tim", "Teams");
pub const LAST_IN_TOUCH: Label = Label::new("Terakhir terhubung", "Last in touch");
pub const NEVER_IN_TOUCH: Label = Label::new(
    "belum pernah — belum ada perangkat tim ini yang masuk atau sinkron",
    "never — no device of this team has signed in or synced",
);
pub const DAYS_AGO: Label = Label::new("hari lalu", "days ago");
pub const MEETINGS_HELD: Label = Label::new("Rakor diadakan", "Rakor held");
pub const ATTENDANCE_BY_AGENCY: Label =
    Label::new("Kehadiran menurut instansi", "Attendance by agency");
pub const RAKOR_ATTENDED: Label = Label::new("Rakor dihadiri", "Rakor attended");
pub const FOLLOW_UPS_BY_AGENCY: Label = Label::new(
    "Tindak lanjut menurut instansi dan status",
    "Follow-ups by agency and status",
);
pub const OFFLINE_FIGURES: Label = Label::new(
    "Server tidak dapat dihubungi. Angka di halaman ini adalah yang terakhir diambil, data per",
    "The server cannot be reached. The figures on this page are the last fetched, data as of",
);
pub const REPORT_MAP: Label = Label::new(
    "Peta: pemeriksaan bulan ini per wilayah (kecamatan).",
    "Map: this month's checks by area (district).",
);

// Case review.
pub const NAV_CASE_REVIEW: Label = Label::new("Tinjauan kasus", "Case review");
pub const CASE_REVIEW_HINT: Label = Label::new(
    "Temuan dari pemeriksaan yang sudah final, yang terlama di atas. Buka satu temuan, baca rekomendasi lapangan, lalu catat keputusan kantor.",
    "Findings of finalized inspections, the oldest first. Open one, read the field's recommendation, then record the office's decision.",
);
pub const CASE_REVIEW_READ_ONLY: Label = Label::new(
    "Temuan dan keputusan tim di wilayah Anda. Keputusan dicatat oleh koordinator tim (Kantor Imigrasi).",
    "The findings and decisions of the teams in your region. Decisions are recorded by the team's coordinator (the immigration office).",
);
pub const CASE_REVIEW_SHOW: Label = Label::new("Tampilkan", "Show");
pub const CASE_REVIEW_EMPTY: Label = Label::new(
    "Tidak ada temuan dalam daftar ini.",
    "No finding is on this list.",
);
pub const CASE_REVIEW_TOTAL: Label = Label::new("Jumlah temuan", "Findings");
pub const DAYS: Label = Label::new("hari", "days");
pub const REVIEW_OVERDUE: Label = Label::new("Terlambat", "Overdue");
pub const OPEN_CASE: Label = Label::new("Buka", "Open");
pub const AGE: Label = Label::new("Umur", "Age");
pub const INSPECTED_ON: Label = Label::new("Tanggal pemeriksaan", "Inspected on");
pub const FOREIGN_NATIONAL: Label = Label::new("Orang asing", "Foreign national");
pub const VIOLATIONS: Label = Label::new("Pelanggaran", "Violations");
pub const FIELD_RECOMMENDATION: Label =
    Label::new("Rekomendasi lapangan", "Field's recommendation");
pub const PLACE: Label = Label::new("Tempat", "Place");
pub const WARRANT: Label = Label::new("Surat perintah", "Written order");
pub const PERMIT: Label = Label::new("Izin tinggal", "Stay permit");
pub const OVERSTAY_AT_INSPECTION: Label = Label::new(
    "Overstay pada tanggal pemeriksaan (tarif berlaku)",
    "Overstay on the inspection's date (current rate)",
);
pub const FIELD_ACTION: Label = Label::new("Tindakan di lapangan", "Action on the spot");
pub const PHOTOS: Label = Label::new("Foto", "Photos");
pub const FIELD_NOTES: Label = Label::new("Catatan lapangan", "Field notes");
pub const DECISION: Label = Label::new("Keputusan kantor", "The office's decision");
pub const DECISION_STATE: Label = Label::new("Status", "Status");
pub const DECIDED_ACTION: Label = Label::new("Tindakan yang diputuskan", "Decided action");
pub const DECISION_NUMBER: Label = Label::new("Nomor keputusan", "Decision number");
pub const DECISION_DATE: Label = Label::new("Tanggal keputusan", "Decision date");
pub const STORED_FEE: Label = Label::new(
    "Biaya beban (tercatat saat diputuskan)",
    "Overstay fee (as stored when decided)",
);
pub const CARRIED_OUT_ON: Label = Label::new("Tanggal dilaksanakan", "Carried out on");
pub const RECEIPT_NUMBER: Label = Label::new("Nomor bukti", "Receipt number");
pub const CANCEL_REASON: Label = Label::new("Alasan pembatalan", "Reason for cancelling");
pub const RECORD_DECISION: Label = Label::new("Catat keputusan", "Record the decision");
pub const DECISION_NOTES: Label = Label::new("Catatan", "Notes");
pub const SAVE_DECISION: Label = Label::new("Simpan keputusan", "Save the decision");
pub const CARRY_OUT_OR_CANCEL: Label =
    Label::new("Pelaksanaan atau pembatalan", "Carried out or cancelled");
pub const MARK_CARRIED_OUT: Label = Label::new("Tandai dilaksanakan", "Mark carried out");
pub const CANCEL_DECISION: Label = Label::new("Batalkan keputusan", "Cancel the decision");
pub const REASON_BEFORE_INSPECTION: Label = Label::new(
    "tidak boleh sebelum tanggal pemeriksaan",
    "must not be before the inspection",
);
pub const REASON_BEFORE_DECISION: Label = Label::new(
    "tidak boleh sebelum tanggal keputusan",
    "must not be before the decision",
);
pub const REASON_DATE: Label = Label::new("bukan tanggal yang valid", "is not a valid date");
pub const ERROR_CASE_CHANGED: Label = Label::new(
    "Kasus ini sudah diubah orang lain. Daftar dimuat ulang.",
    "Someone else changed this case. The list was reloaded.",
);
pub const ERROR_NOT_YOURS: Label = Label::new(
    "Akun Anda tidak boleh mencatat keputusan ini.",
    "Your account may not record this decision.",
);

// The voter-list cross-check.
pub const NAV_VOTER_LIST: Label = Label::new("Cek DPT", "Voter list check");
pub const VOTER_LIST_HINT: Label = Label::new(
    "Unggah petikan DPT (CSV dengan kolom nik, nama, tanggal_lahir, tps, kelurahan). Pantau mencocokkannya dengan orang asing di wilayah Anda: NIK yang sama, atau nama dan tanggal lahir yang sama (kecocokan lemah). Hanya baris yang cocok yang disimpan; sisa daftar pemilih adalah data pribadi warga dan tidak disimpan.",
    "Upload a voter-list (DPT) extract (CSV with the columns nik, nama, tanggal_lahir, tps, kelurahan). Pantau matches it against the foreign nationals in your region: the same NIK, or the same name and date of birth (a weaker match). Only matching rows are kept; the rest of the voter list is citizens' personal data and is not stored.",
);
pub const VOTER_LIST_FILE: Label = Label::new("Berkas DPT (CSV)", "Voter list file (CSV)");
pub const VOTER_LIST_CHECK: Label = Label::new("Periksa", "Check");
pub const VOTER_LIST_CHECKING: Label = Label::new(
    "Memeriksa… (daftar besar bisa memakan beberapa detik)",
    "Checking… (a large list can take a few seconds)",
);
pub const VOTER_LIST_CHOOSE_FILE: Label = Label::new(
    "Pilih berkas CSV terlebih dahulu.",
    "Choose a CSV file first.",
);
pub const ROWS_READ: Label = Label::new("Baris dibaca", "Rows read");
pub const FOREIGNERS_COMPARED: Label =
    Label::new("Orang asing dicocokkan", "Foreign nationals compared");
pub const MATCHES_FOUND: Label = Label::new("Kecocokan", "Matches");
pub const MATCHES_NEW: Label = Label::new("baru", "new");
pub const ROWS_REFUSED: Label = Label::new("Baris tidak dapat diperiksa", "Rows not checked");
pub const LINE: Label = Label::new("Baris", "Line");
pub const COLUMN: Label = Label::new("Kolom", "Column");
pub const REASON: Label = Label::new("Alasan", "Reason");
pub const MORE_PROBLEMS: Label = Label::new(
    "Baris bermasalah lainnya tidak ditampilkan.",
    "Further rows with problems are not listed.",
);
pub const REASON_BAD_NIK: Label =
    Label::new("NIK harus 16 angka yang valid", "a NIK is 16 valid digits");
pub const VOTER_ROW: Label = Label::new("Di DPT", "On the voter list");
pub const MATCH_STRENGTH: Label = Label::new("Kecocokan", "Match");
pub const MATCH_HISTORY: Label = Label::new("Riwayat tinjauan", "Review history");
pub const MATCH_NEXT: Label = Label::new("Ubah status", "Change status");
pub const MATCH_NOTE: Label = Label::new(
    "Catatan (wajib untuk naturalisasi)",
    "Note (required for naturalised)",
);
pub const SAVE_REVIEW: Label = Label::new("Simpan", "Save");
pub const MATCHES_EMPTY: Label = Label::new(
    "Belum ada kecocokan dalam daftar ini.",
    "No match is on this list.",
);
pub const DOWNLOAD_ANNEX: Label = Label::new(
    "Unduh lampiran surat (XLSX)",
    "Download the letter's annex (XLSX)",
);
pub const NIK_HOLDERS: Label = Label::new(
    "Orang asing pemegang NIK",
    "Foreign nationals holding a NIK",
);
pub const NIK_HOLDERS_HINT: Label = Label::new(
    "Hanya pemegang ITAP yang boleh memiliki KTP-el, selama ITAP berlaku. Yang bukan pemegang ITAP atau ITAP-nya sudah berakhir ditampilkan lebih dulu.",
    "Only ITAP holders may hold a KTP-el, for as long as the ITAP runs. Those who hold no ITAP, or whose ITAP has ended, are listed first.",
);
pub const NIK_HOLDERS_EMPTY: Label = Label::new(
    "Tidak ada orang asing pemegang NIK di wilayah ini.",
    "No foreign national in this region holds a NIK.",
);
pub const MARKED_NATURALISED: Label = Label::new("Tercatat sudah WNI", "Recorded as naturalised");
pub const ERROR_MISSING_COLUMN: Label = Label::new(
    "Kolom ini tidak ada di baris judul; kolom yang diperlukan: nik, nama, tanggal_lahir, tps, kelurahan",
    "This column is missing from the header row; the columns needed are nik, nama, tanggal_lahir, tps, kelurahan",
);
pub const ERROR_ENCODING: Label = Label::new(
    "Berkas bukan teks UTF-8. Simpan sebagai \"CSV UTF-8\" lalu unggah lagi. Tidak ada yang disimpan.",
    "The file is not UTF-8 text. Save it as \"CSV UTF-8\" and upload it again. Nothing was kept.",
);
pub const ERROR_TOO_LARGE: Label = Label::new(
    "Berkas melebihi batas ukuran server ini. Pecah per kelurahan lalu periksa tiap bagian.",
    "The file is over this server's size limit. Split it by kelurahan and check each part.",
);
pub const ERROR_EMPTY_FILE: Label = Label::new(
    "Berkas kosong: baris judul diperlukan.",
    "The file is empty: a header row is required.",
);
pub const ERROR_NOT_CSV: Label = Label::new(
    "Berkas bukan CSV yang dapat dibaca. Tidak ada yang disimpan.",
    "The file is not readable CSV. Nothing was kept.",
);
pub const ERROR_MATCH_CHANGED: Label = Label::new(
    "Status ini tidak dapat dipilih sekarang (mungkin sudah diubah orang lain). Daftar dimuat ulang.",
    "This status cannot be chosen now (someone may have changed it). The list was reloaded.",
);

// The monthly report's section V.
pub const SECTION_ELECTION: Label = Label::new("V. Pengawasan pemilu", "V. Election watch");
pub const CAMPAIGN: Label = Label::new("kampanye", "campaign");
pub const VOTING_DAY: Label = Label::new("pemungutan suara", "voting day");
pub const POLITICAL_ACTIVITY_FINDINGS: Label = Label::new(
    "Temuan kegiatan politik oleh orang asing",
    "Findings of political activity by foreigners",
);
pub const CHECKS_AT_CAMPAIGN_EVENTS: Label = Label::new(
    "Pemeriksaan di kegiatan kampanye",
    "Checks at campaign events",
);
pub const CHECKS_AT_POLLING_STATIONS: Label =
    Label::new("Pemeriksaan di TPS", "Checks at polling stations");
pub const NIK_HOLDERS_WITHOUT_ITAP: Label = Label::new(
    "… di antaranya tanpa ITAP yang berlaku",
    "… of whom without a running ITAP",
);
pub const VOTER_LIST_MATCHES: Label = Label::new("Kecocokan DPT", "Voter-list matches");

// Election periods.
pub const NAV_ELECTIONS: Label = Label::new("Masa pemilu", "Election periods");
pub const ELECTIONS_HINT: Label = Label::new(
    "Selama masa pemilu berjalan (masa kampanye dan hari pemungutan suara), tablet petugas di wilayahnya menampilkannya di setiap layar dan pemeriksaan baru ditandai untuknya; laporan bulanan memuat bagian V.",
    "While an election period runs (the campaign and voting day), the officers' tablets in its region show it on every screen and new inspections are tagged to it; the monthly report gains section V.",
);
pub const ELECTION_NAME: Label = Label::new("Nama", "Name");
pub const CAMPAIGN_START: Label = Label::new("Awal kampanye", "Campaign starts");
pub const CAMPAIGN_END: Label = Label::new("Akhir kampanye", "Campaign ends");
pub const VOTING_DATE: Label = Label::new("Hari pemungutan suara", "Voting day");
pub const NEW_ELECTION: Label = Label::new("Tetapkan masa pemilu", "Set an election period");
pub const SAVE_ELECTION: Label = Label::new("Simpan masa pemilu", "Save the election period");
pub const DELETE: Label = Label::new("Hapus", "Delete");
pub const NO_ELECTIONS: Label = Label::new(
    "Belum ada masa pemilu di wilayah ini.",
    "No election period is set in this region.",
);
pub const RUNNING: Label = Label::new("Berjalan", "Running");
pub const UPCOMING: Label = Label::new("Akan datang", "Upcoming");
pub const PAST: Label = Label::new("Selesai", "Past");
pub const REASON_TOO_EARLY: Label = Label::new(
    "terlalu awal: tidak boleh sebelum tanggal sebelumnya",
    "is too early: it must not come before the date before it",
);
pub const POLITICAL_ACTIVITY_TITLE: Label = Label::new(
    "Kegiatan politik orang asing",
    "Political activity by foreign nationals",
);
pub const POLITICAL_ACTIVITY_HINT: Label = Label::new(
    "Temuan pelanggaran kegiatan politik: apa yang terlihat dan di mana. Klik wilayah pada peta untuk mempersempit daftar.",
    "Findings of the political-activity violation: what was seen and where. Click an area on the map to narrow the list.",
);
pub const ALL_ELECTION_PERIODS: Label = Label::new("Semua masa pemilu", "All election periods");
pub const ELECTION_PERIOD: Label = Label::new("Masa pemilu", "Election period");
pub const NO_POLITICAL_ACTIVITY: Label = Label::new(
    "Tidak ada temuan kegiatan politik di wilayah dan masa ini.",
    "No political activity was found in this region and period.",
);
pub const WHAT_SEEN: Label = Label::new("Yang terlihat", "What was seen");
pub const WHERE_SEEN: Label = Label::new("Di mana", "Where");
pub const LIST_CUT: Label = Label::new(
    "Daftar dipotong pada 1.000 temuan; persempit wilayah atau masa pemilu.",
    "The list stops at 1,000 findings; narrow the region or the election period.",
);
pub const NATIONALITY: Label = Label::new("Kewarganegaraan", "Nationality");
pub const PRINT_ANNEX: Label = Label::new("Cetak lampiran surat", "Print the letter's annex");
pub const BACK_TO_CHECK: Label =
    Label::new("Kembali ke pemeriksaan DPT", "Back to the voter-list check");
pub const ANNEX_TITLE: Label = Label::new(
    "Lampiran: warga negara asing yang terdapat dalam Daftar Pemilih Tetap (DPT)",
    "Annex: foreign nationals found on the final voter list (DPT)",
);
pub const ANNEX_EMPTY: Label = Label::new(
    "Belum ada kecocokan yang dikonfirmasi atau dilaporkan.",
    "No match has been confirmed or reported yet.",
);
pub const ANNEX_VOTER_NAME: Label = Label::new("Nama (DPT)", "Name (voter list)");
pub const DATE_OF_BIRTH: Label = Label::new("Tanggal lahir", "Date of birth");

pub const SETTINGS: Label = Label::new("Pengaturan", "Settings");
pub const SETTINGS_HINT: Label = Label::new(
    "Tablet memakai nilai baru pada sinkronisasi berikutnya.",
    "Tablets take the new values at their next sync.",
);
pub const SETTINGS_SAVE: Label = Label::new("Simpan pengaturan", "Save the settings");
pub const SETTINGS_SAVED: Label = Label::new("Pengaturan disimpan.", "Settings saved.");
pub const SETTING_REVIEW_OVERDUE_DAYS: Label = Label::new(
    "Hari hingga tinjauan kasus terlambat",
    "Days until a case review is overdue",
);
pub const SETTING_DEVICE_LEASE_DAYS: Label = Label::new(
    "Hari tablet boleh dibuka tanpa terhubung",
    "Days a tablet may unlock without connecting",
);
pub const SETTING_PIN_ATTEMPTS: Label = Label::new(
    "Salah PIN berturut-turut sebelum tablet dihapus",
    "Wrong PINs in a row before a tablet wipes itself",
);
pub const SETTING_IDLE_LOCK_MINUTES: Label = Label::new(
    "Menit tanpa sentuhan sebelum tablet terkunci",
    "Idle minutes before a tablet locks",
);
pub const SETTING_REQUIRE_SIGNATURES: Label = Label::new(
    "Finalisasi dan amandemen wajib ditandatangani tablet",
    "Finalizations and amendments must be signed by the tablet",
);
pub const BETWEEN: Label = Label::new("harus antara", "must be between");
pub const AND: Label = Label::new("dan", "and");
pub const DEFAULT: Label = Label::new("bawaan", "default");
pub const REASON_WHOLE_NUMBER: Label = Label::new("harus bilangan bulat", "must be a whole number");

pub const NAV_OPERATIONS: Label = Label::new("Operasi", "Operations");
pub const OPERATIONS_HINT: Label = Label::new(
    "Operasi di bawah satu surat perintah: beberapa tempat, petugas dari beberapa instansi. Tablet tim menerimanya saat sinkron, dan pemeriksaan dapat dicatat di bawahnya.",
    "Operations under one written order: several places, officers from several agencies. The team's tablets receive them when they sync, and inspections can be recorded under them.",
);
pub const NO_OPERATIONS: Label = Label::new(
    "Belum ada operasi di wilayah ini.",
    "No operation in this region yet.",
);
pub const NEW_OPERATION: Label = Label::new(
    "Operasi baru (surat perintah)",
    "New operation (written order)",
);
pub const ORDER_NUMBER: Label = Label::new("Nomor surat perintah", "Written order number");
pub const ORDER_DATE: Label = Label::new("Tanggal surat perintah", "Date of the order");
pub const ISSUED_BY: Label = Label::new("Pejabat yang menerbitkan", "Issuing official");
pub const OPERATION_TYPE: Label = Label::new("Jenis operasi", "Kind of operation");
pub const PERIOD_START: Label = Label::new("Mulai", "Starts");
pub const PERIOD_END: Label = Label::new("Berakhir", "Ends");
pub const TARGET_AREA: Label = Label::new("Wilayah sasaran", "Target area");
pub const AGENCIES_ASSIGNED: Label = Label::new("Instansi yang ditugaskan", "Agencies assigned");
pub const NOTES: Label = Label::new("Catatan", "Notes");
pub const SAVE_OPERATION: Label = Label::new("Simpan operasi", "Save the operation");
pub const OPERATION_SAVED: Label = Label::new("Operasi disimpan.", "Operation saved.");
pub const COLUMN_INSPECTIONS: Label = Label::new("Pemeriksaan", "Inspections");
pub const OPERATION_REPORT: Label = Label::new("Laporan operasi", "Operation report");
pub const BACK_TO_OPERATIONS: Label = Label::new("← Daftar operasi", "← Operations");
pub const INSPECTIONS_UNDER: Label = Label::new(
    "Pemeriksaan di bawah surat perintah ini",
    "Inspections under this order",
);
pub const NO_INSPECTIONS_UNDER: Label = Label::new(
    "Belum ada pemeriksaan yang dicatat di bawah operasi ini.",
    "No inspection has been recorded under this operation yet.",
);
pub const PLACES_BY_TYPE: Label = Label::new("Tempat menurut jenis", "Places by type");
pub const FOREIGNERS_BY_NATIONALITY: Label = Label::new(
    "Orang asing yang diperiksa menurut kewarganegaraan",
    "Foreign nationals checked by nationality",
);
pub const FINDINGS_AND_DECISIONS: Label =
    Label::new("Temuan dan keputusan", "Findings and decisions");
pub const FINDINGS_TOTAL: Label = Label::new("Temuan", "Findings");
pub const AWAITING_DECISION: Label = Label::new("Menunggu keputusan", "Awaiting a decision");
pub const VIOLATIONS_FOUND: Label = Label::new("Pelanggaran", "Violations");
pub const DECIDED_ACTIONS: Label = Label::new(
    "Tindakan administratif yang diputuskan",
    "Administrative actions decided",
);
pub const WHEN: Label = Label::new("Waktu", "When");
pub const OVERSTAY_RULES: Label = Label::new("Biaya beban overstay", "Overstay fee");
pub const OVERSTAY_RULES_HINT: Label = Label::new(
    "Setiap versi berlaku sejak tanggalnya sampai versi berikutnya dimulai. Temuan dinilai dengan versi yang berlaku pada tanggal pemeriksaannya, di tablet dan di server. Perubahan dimulai hari ini atau sesudahnya; versi yang sudah berlaku tetap tersimpan.",
    "Each version is in force from its day until the next begins. A finding is judged by the version in force on its inspection's date, on the tablets and the server alike. A change begins today or later; a version in force stays as it is.",
);
pub const VALID_FROM: Label = Label::new("Berlaku sejak", "In force from");
pub const VALID_UNTIL: Label = Label::new("Sampai", "Until");
pub const FROM_THE_START: Label = Label::new("awal pencatatan", "the start of the records");
pub const DAILY_FEE: Label = Label::new("Biaya per hari (Rp)", "Fee per day (Rp)");
pub const DEPORTATION_FROM_DAYS: Label = Label::new(
    "Deportasi sejak (hari overstay)",
    "Deportation from (days of overstay)",
);
pub const PLAN_CHANGE: Label = Label::new("Rencanakan perubahan", "Plan the change");
pub const WITHDRAW: Label = Label::new("Tarik kembali", "Withdraw");
pub const OVERSTAY_PLANNED: Label = Label::new("Perubahan disimpan.", "Change saved.");
pub const REASON_TODAY_OR_LATER: Label =
    Label::new("harus hari ini atau sesudahnya", "must be today or later");
pub const REASON_NOT_A_DATE: Label = Label::new("bukan tanggal", "is not a date");
pub const REASON_IN_FORCE: Label = Label::new(
    "versi ini sudah berlaku dan tetap tersimpan",
    "this version is in force already and stays",
);
pub const VISA_INDEXES: Label = Label::new("Indeks visa", "Visa index codes");
pub const VISA_INDEXES_HINT: Label = Label::new(
    "Tablet menawarkan kode yang berlaku hari ini. Kode yang dipensiunkan tetap terbaca pada data lama; kode yang masih berlaku dipensiunkan hanya dengan pengganti yang berlaku sehari sesudahnya.",
    "Tablets offer the codes in force today. A retired code still reads on old records; a code in force is retired only with a successor in force the day after.",
);
pub const VISA_CODE: Label = Label::new("Kode", "Code");
pub const PURPOSE_ID: Label = Label::new("Tujuan (Bahasa Indonesia)", "Purpose (Bahasa Indonesia)");
pub const PURPOSE_EN: Label = Label::new("Tujuan (Inggris)", "Purpose (English)");
pub const LEADS_TO_PERMIT: Label = Label::new("Izin tinggal", "Stay permit");
pub const SUCCESSOR: Label = Label::new("Pengganti", "Successor");
pub const ADD_CODE: Label = Label::new("Tambah kode", "Add the code");
pub const RETIRE_CODE: Label = Label::new("Pensiunkan kode", "Retire the code");
pub const LAST_DAY: Label = Label::new("Hari terakhir berlaku", "Last day in force");
pub const VISA_SAVED: Label = Label::new("Tabel indeks visa disimpan.", "Visa index table saved.");
pub const REASON_SUCCESSOR: Label = Label::new(
    "wajib kode yang berlaku sehari sesudahnya",
    "needs a code in force the day after",
);
pub const REASON_CODE_TAKEN: Label = Label::new("kode sudah ada", "the code exists already");
pub const REASON_CODE_FORMAT: Label = Label::new(
    "1–8 huruf kapital dan angka",
    "1 to 8 capital letters and digits",
);
pub const REASON_RETIRED: Label = Label::new("sudah dipensiunkan", "retired already");
pub const REASON_LABEL_FORMAT: Label = Label::new(
    "wajib diisi, paling banyak 200 karakter",
    "required, up to 200 characters",
);
pub const ACTIONS_TABLE: Label = Label::new(
    "Tindakan administratif keimigrasian (TAK)",
    "Administrative actions (TAK)",
);
pub const ACTIONS_TABLE_HINT: Label = Label::new(
    "Petugas merekomendasikan dan kantor memutuskan tindakan yang berlaku pada tanggalnya. Tindakan yang dipensiunkan tetap terbaca pada data lama; tindakan yang masih berlaku dipensiunkan hanya dengan pengganti yang berlaku sehari sesudahnya.",
    "Officers recommend and the office decides the actions in force on the day. A retired action still reads on old records; an action in force is retired only with a successor in force the day after.",
);
/// The two names of a named code (an action, a violation).
pub const NAME_ID: Label = Label::new("Nama (Bahasa Indonesia)", "Name (Bahasa Indonesia)");
pub const NAME_EN: Label = Label::new("Nama (Inggris)", "Name (English)");
pub const ACTIONS_SAVED: Label = Label::new(
    "Tabel tindakan administratif disimpan.",
    "Administrative action table saved.",
);
pub const VIOLATIONS_TABLE: Label = Label::new("Kode pelanggaran", "Violation codes");
pub const VIOLATIONS_TABLE_HINT: Label = Label::new(
    "Petugas mencatat pelanggaran yang berlaku pada hari pencatatan. Kode yang dipensiunkan tetap terbaca pada temuan lama; kode yang masih berlaku dipensiunkan hanya dengan pengganti yang berlaku sehari sesudahnya.",
    "Officers record the violations in force on the day they write them. A retired code still reads on old findings; a code in force is retired only with a successor in force the day after.",
);
pub const VIOLATIONS_SAVED: Label = Label::new(
    "Tabel kode pelanggaran disimpan.",
    "Violation code table saved.",
);
pub const PERMITS_TABLE: Label = Label::new("Jenis izin tinggal", "Stay permit types");
pub const PERMITS_TABLE_HINT: Label = Label::new(
    "Petugas memilih jenis izin tinggal yang berlaku pada hari pencatatan; kode indeks visa mengarah ke salah satunya. Jenis yang dipensiunkan tetap terbaca pada data lama; jenis yang masih berlaku dipensiunkan hanya dengan pengganti yang berlaku sehari sesudahnya.",
    "Officers choose the stay permit types in force on the day they write; a visa index code leads to one of them. A retired type still reads on old records; a type in force is retired only with a successor in force the day after.",
);
pub const PERMITS_SAVED: Label = Label::new(
    "Tabel jenis izin tinggal disimpan.",
    "Stay permit type table saved.",
);
pub const REASON_PERMIT_CODE_FORMAT: Label = Label::new(
    "1–10 huruf kapital dan angka",
    "1 to 10 capital letters and digits",
);
pub const AGENCIES_TABLE: Label = Label::new("Instansi anggota", "Member agencies");
pub const AGENCIES_TABLE_HINT: Label = Label::new(
    "Akun petugas, instansi yang hadir pada pemeriksaan dan operasi, dan penanggung jawab tindak lanjut Rakor dipilih dari instansi yang berlaku pada hari pencatatan. Instansi yang dipensiunkan tetap terbaca pada data lama; instansi yang masih berlaku dipensiunkan hanya dengan pengganti yang berlaku sehari sesudahnya.",
    "Officers' accounts, the agencies present at inspections and operations, and the owners of Rakor follow-ups are chosen from the agencies in force on the day they are written. A retired agency still reads on old records; an agency in force is retired only with a successor in force the day after.",
);
pub const AGENCIES_SAVED: Label = Label::new(
    "Tabel instansi anggota disimpan.",
    "Member agency table saved.",
);
pub const REASON_AGENCY_CODE_FORMAT: Label = Label::new(
    "1–20 huruf kapital, angka dan garis bawah, diawali huruf",
    "1 to 20 capital letters, digits and underscores, beginning with a letter",
);
pub const REASON_PERMIT_NOT_IN_FORCE: Label = Label::new(
    "bukan jenis izin tinggal yang berlaku pada hari pertama kode",
    "not a stay permit type in force on the code's first day",
);
pub const REASON_NAMED_CODE_FORMAT: Label = Label::new(
    "1–40 huruf kecil, angka dan garis bawah, diawali huruf",
    "1 to 40 small letters, digits and underscores, beginning with a letter",
);
