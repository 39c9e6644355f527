//! Every text the app shows, in Bahasa Indonesia and English. Components take their
//! words from here, never from literals.

use pantau_shared::lang::Label;

pub const APP_NAME: Label = Label::new("Pantau", "Pantau");
pub const APP_TAGLINE: Label = Label::new(
    "Sistem lapangan Tim Pengawasan Orang Asing",
    "Field system of the foreigner oversight team (Tim PORA)",
);
pub const LANGUAGE_SWITCH: Label = Label::new("English", "Bahasa Indonesia");
pub const LANGUAGE_SWITCH_HINT: Label = Label::new(
    "Ganti bahasa ke English",
    "Switch language to Bahasa Indonesia",
);

pub const LOGIN_TITLE: Label = Label::new("Masuk", "Sign in");
pub const USERNAME: Label = Label::new("Nama pengguna", "Username");
pub const PASSWORD: Label = Label::new("Kata sandi", "Password");
pub const LOGIN_BUTTON: Label = Label::new("Masuk", "Sign in");
pub const LOGGING_IN: Label = Label::new("Sedang masuk…", "Signing in…");
pub const LOGOUT_BUTTON: Label = Label::new("Keluar", "Sign out");

pub const ONLINE: Label = Label::new("Daring", "Online");
pub const OFFLINE: Label = Label::new(
    "Luring — data tetap tersimpan di perangkat",
    "Offline — your data stays on this device",
);
pub const SESSION_UNTIL: Label = Label::new("Sesi berlaku sampai", "Signed in until");

pub const WELCOME: Label = Label::new("Selamat datang", "Welcome");
pub const ROLE: Label = Label::new("Peran", "Role");
pub const TEAM: Label = Label::new("Tim", "Team");
pub const AGENCY: Label = Label::new("Instansi", "Agency");
pub const NO_TEAM: Label = Label::new("Tanpa tim", "No team");

pub const ERROR_REQUIRED_USERNAME: Label =
    Label::new("Nama pengguna wajib diisi", "Username is required");
pub const ERROR_REQUIRED_PASSWORD: Label =
    Label::new("Kata sandi wajib diisi", "Password is required");
pub const ERROR_INVALID_CREDENTIALS: Label = Label::new(
    "Nama pengguna atau kata sandi salah",
    "Wrong username or password",
);
pub const ERROR_TOO_MANY_ATTEMPTS: Label = Label::new(
    "Terlalu banyak percobaan gagal. Tunggu beberapa menit, lalu coba lagi.",
    "Too many failed attempts. Wait a few minutes, then try again.",
);
/// `{}` is the number of minutes.
pub const ERROR_TOO_MANY_ATTEMPTS_WAIT: Label = Label::new(
    "Terlalu banyak percobaan gagal. Coba lagi dalam {} menit.",
    "Too many failed attempts. Try again in {} minute(s).",
);
pub const ERROR_DEVICE_REVOKED: Label = Label::new(
    "Perangkat ini telah dicabut aksesnya. Hubungi administrator.",
    "This device's access was revoked. Contact the administrator.",
);
pub const ERROR_NO_CONNECTION: Label = Label::new(
    "Tidak dapat menghubungi server. Periksa koneksi, lalu coba lagi.",
    "Cannot reach the server. Check the connection, then try again.",
);
pub const ERROR_SERVER: Label = Label::new(
    "Server sedang bermasalah. Coba lagi nanti.",
    "The server has a problem. Try again later.",
);

pub mod fields;

pub const NAV_HOME: Label = Label::new("Beranda", "Home");
pub const NAV_SUBJECTS: Label = Label::new("Orang asing", "Foreign nationals");
pub const NAV_INSPECTIONS: Label = Label::new("Pemeriksaan", "Inspections");
pub const NAV_SYNC: Label = Label::new("Sinkronisasi & akun", "Sync & account");

pub const PENDING: Label = Label::new("perubahan belum terkirim", "changes not yet sent");
pub const LAST_SYNC: Label = Label::new("Sinkron terakhir", "Last sync");
pub const NEVER_SYNCED: Label = Label::new("belum pernah", "never");
pub const SYNCING: Label = Label::new("Menyinkronkan…", "Syncing…");
pub const SYNC_NOW: Label = Label::new("Sinkronkan sekarang", "Sync now");
pub const NEEDS_ATTENTION: Label = Label::new("perlu perhatian", "need attention");
pub const SIGN_IN_AGAIN: Label = Label::new(
    "Sesi berakhir. Masuk lagi untuk melanjutkan sinkronisasi; data di perangkat tetap aman.",
    "Your session ended. Sign in again to keep syncing; the data on this device is safe.",
);
pub const NEW_VERSION: Label = Label::new(
    "Versi baru Pantau tersedia.",
    "A new version of Pantau is available.",
);
pub const UPDATE_NOW: Label = Label::new("Perbarui", "Update");
pub const STORAGE_FULL: Label = Label::new(
    "Penyimpanan perangkat penuh. Data TIDAK tersimpan. Kosongkan ruang penyimpanan, lalu coba lagi.",
    "The device's storage is full. The data was NOT saved. Free up storage, then try again.",
);
pub const SYNC_HALTED: Label = Label::new(
    "Sinkronisasi dihentikan: jawaban server tidak cocok dengan data yang dikirim. Data tetap tersimpan di perangkat. Laporkan ke administrator, lalu tekan «Sinkronkan sekarang».",
    "Syncing stopped: the server's answer does not match what was sent. Your data stays on this device. Tell the administrator, then press “Sync now”.",
);
pub const SYNC_STORAGE_FAILED: Label = Label::new(
    "Sinkronisasi berhenti: perangkat gagal menyimpan data yang diterima dari server. Data yang belum terkirim tetap aman.",
    "Syncing stopped: the device could not store what the server sent. Unsent data is safe.",
);
pub const STORAGE_UNAVAILABLE: Label = Label::new(
    "Penyimpanan perangkat tidak tersedia (mode privat?). Data tidak dapat disimpan.",
    "Device storage is unavailable (private mode?). Data cannot be saved.",
);
pub const LOADING: Label = Label::new("Memuat data perangkat…", "Loading the device's data…");

pub const SUBJECT_COUNT: Label = Label::new(
    "orang asing di perangkat ini",
    "foreign nationals on this device",
);
pub const SEARCH_PLACEHOLDER: Label = Label::new(
    "Cari nama, nomor paspor, kewarganegaraan, wilayah…",
    "Search name, passport number, nationality, region…",
);
pub const NO_RESULTS: Label = Label::new("Tidak ada yang cocok.", "Nothing matches.");
pub const REGISTER_SUBJECT: Label =
    Label::new("Daftarkan orang asing", "Register a foreign national");
pub const EDIT: Label = Label::new("Ubah", "Edit");
pub const SAVE: Label = Label::new("Simpan", "Save");
pub const SAVING: Label = Label::new("Menyimpan…", "Saving…");
pub const SAVED: Label = Label::new("Tersimpan di perangkat", "Saved on this device");
pub const CANCEL: Label = Label::new("Batal", "Cancel");
pub const FIX_ERRORS: Label =
    Label::new("Periksa kolom yang ditandai.", "Check the marked fields.");
pub const NOT_FOUND: Label = Label::new(
    "Data tidak ditemukan di perangkat ini.",
    "Not found on this device.",
);
pub const ADMIN_USES_OFFICE: Label = Label::new(
    "Akun administrator bekerja di layar kantor, bukan di aplikasi lapangan.",
    "Administrator accounts work on the office screens, not in the field app.",
);
pub const OPEN_OFFICE: Label = Label::new("Buka layar kantor", "Open the office screens");
pub const READ_ONLY: Label = Label::new(
    "Akun ini hanya dapat membaca data ini; perubahan dibuat oleh petugas yang berwenang.",
    "This account reads these records only; changes are made by the officers in charge.",
);
pub const DRAFT_RESTORED: Label = Label::new(
    "Draf yang belum disimpan dipulihkan.",
    "An unsaved draft was restored.",
);
pub const DRAFT_HOLDS: Label = Label::new("Isinya:", "It holds:");
pub const OTHER_DOCUMENT: Label = Label::new(
    "Formulir ini berisi dokumen orang lain:",
    "This form holds another person's document:",
);
pub const CLEAR_REST: Label = Label::new(
    "Hapus data lain orang itu dan isi dari MRZ ini saja? (Batal: pertahankan data lainnya.)",
    "Clear that person's other details and fill from this MRZ alone? (Cancel: keep them.)",
);

pub const MAY_BE_REGISTERED: Label =
    Label::new("Mungkin sudah terdaftar:", "May already be registered:");
pub const OPEN_IT: Label = Label::new("Buka", "Open it");
pub const REGISTER_ANYWAY: Label = Label::new("Tetap daftarkan", "Register anyway");

pub const MRZ_TITLE: Label = Label::new("MRZ paspor (2 baris × 44)", "Passport MRZ (2 lines × 44)");
pub const MRZ_FILL: Label = Label::new("Isi dari MRZ", "Fill from MRZ");
pub const MRZ_FILLED: Label = Label::new(
    "Formulir diisi dari MRZ. Periksa, lalu simpan.",
    "Form filled from the MRZ. Check it, then save.",
);

pub const PERMIT_VALID: Label = Label::new("Izin tinggal berlaku", "Permit valid");
pub const PERMIT_DAYS_LEFT: Label = Label::new("hari lagi", "days left");
pub const PERMIT_OVERSTAY: Label = Label::new("Overstay", "Overstay");
pub const DAYS: Label = Label::new("hari", "days");
pub const OFFICE_DECISION: Label = Label::new("Keputusan kantor", "Office decision");
pub const FEE: Label = Label::new("biaya beban", "fee");
pub const DEPORTATION: Label = Label::new("tingkat deportasi", "deportation level");
pub const PERMIT_UNKNOWN: Label =
    Label::new("Masa izin tinggal belum diisi", "Permit end not recorded");
pub const ACCREDITATION_INVALID: Label = Label::new(
    "Akreditasi pemantau tidak berlaku — catat temuan",
    "Observer accreditation not valid — record a finding",
);
pub const HAS_NIK: Label = Label::new(
    "Memiliki NIK — periksa DPT",
    "Has a NIK — check the voter list",
);

pub const PENDING_RECORD: Label = Label::new("Belum terkirim", "Not yet sent");
pub const REJECTED_RECORD: Label = Label::new("Ditolak server", "Refused by the server");
pub const CONFLICT_RECORD: Label = Label::new(
    "Kalah oleh perubahan yang lebih baru",
    "Lost to a newer change",
);
pub const DISCARD: Label = Label::new("Buang perubahan ini", "Discard this change");

pub const PENDING_LIST: Label = Label::new("Perubahan belum terkirim", "Changes not yet sent");
pub const NOTHING_PENDING: Label = Label::new(
    "Semua perubahan sudah terkirim.",
    "Every change has been sent.",
);
pub const STORAGE_USE: Label = Label::new("Penyimpanan terpakai", "Storage used");
pub const STORAGE_OF: Label = Label::new("dari", "of");
pub const LANGUAGE: Label = Label::new("Bahasa", "Language");
pub const LOGOUT_UNSYNCED: Label = Label::new(
    "Masih ada perubahan yang belum terkirim. Keluar sekarang akan MENGHAPUSNYA dari perangkat ini.",
    "There are changes not yet sent. Signing out now DELETES them from this device.",
);
pub const LOGOUT_DISCARD: Label = Label::new(
    "Hapus perubahan dan keluar",
    "Delete the changes and sign out",
);
pub const LOGOUT_KEEP: Label = Label::new("Tetap masuk", "Stay signed in");

pub const REJECT_FORBIDDEN: Label =
    Label::new("di luar wilayah tim Anda", "outside your team's region");
pub const REJECT_FINALIZED: Label = Label::new(
    "sudah final; buat amandemen",
    "is final; record an amendment",
);
pub const REJECT_PURGED: Label = Label::new(
    "sudah dihapus permanen di server; perubahan ini tidak dapat disimpan",
    "was erased on the server; this change cannot be kept",
);
pub const REJECT_SIGNATURE_REQUIRED: Label = Label::new(
    "harus ditandatangani di tablet; peramban ini tidak dapat menandatangani",
    "must be signed on the tablet; this browser cannot sign",
);
pub const REJECT_UNKNOWN_OPERATION: Label = Label::new(
    "operasi ini tidak ada lagi; pilih yang lain",
    "this operation is gone; choose another",
);
pub const REJECT_OTHER: Label = Label::new("ditolak", "refused");

pub const START_INSPECTION: Label = Label::new("Mulai pemeriksaan", "Start an inspection");
pub const NO_INSPECTIONS: Label = Label::new("Belum ada pemeriksaan.", "No inspections yet.");
pub const DRAFT: Label = Label::new("Draf", "Draft");
pub const FINAL: Label = Label::new("Final", "Final");
/// `{officer}` and `{n}` are filled in.
pub const SIGNED_HERE: Label = Label::new(
    "Ditandatangani oleh {officer} di tablet ini, tanda terima #{n}",
    "Signed by {officer} on this tablet, receipt #{n}",
);
pub const GPS_TAKE: Label = Label::new("Ambil lokasi GPS", "Take GPS position");
pub const GPS_TAKING: Label = Label::new("Mencari lokasi…", "Finding the position…");
pub const GPS_ACCURACY: Label = Label::new("akurasi", "accuracy");
pub const GPS_UNAVAILABLE: Label = Label::new(
    "GPS tidak tersedia. Isi alamat dan koordinat secara manual.",
    "GPS is unavailable. Enter the address and position by hand.",
);
pub const FINDINGS: Label = Label::new("Temuan", "Findings");
pub const NO_FINDINGS: Label = Label::new(
    "Belum ada orang asing yang diperiksa.",
    "No foreign national checked yet.",
);
pub const ADD_FINDING: Label = Label::new("Tambah temuan", "Add a finding");
pub const CHOOSE_SUBJECT: Label = Label::new(
    "Pilih orang asing yang diperiksa",
    "Choose the foreign national checked",
);
pub const CHOSEN: Label = Label::new("Dipilih", "Chosen");
pub const FINALIZE: Label = Label::new("Finalkan pemeriksaan", "Finalize the inspection");
pub const FINALIZE_WARNING: Label = Label::new(
    "Setelah final, pemeriksaan dan temuannya tidak dapat diubah lagi; koreksi hanya melalui amandemen.",
    "Once final, the inspection and its findings cannot change; corrections only through an amendment.",
);
pub const CONFIRM_FINALIZE: Label = Label::new("Ya, finalkan", "Yes, finalize");
pub const AMENDMENTS: Label = Label::new("Amandemen", "Amendments");
pub const ADD_AMENDMENT: Label = Label::new("Catat amandemen", "Record an amendment");
pub const AMENDMENT_TARGET: Label = Label::new("Yang dikoreksi", "What it corrects");
pub const AMENDMENT_FIELD: Label = Label::new("Kolom yang dikoreksi", "Field corrected");
pub const THIS_INSPECTION: Label = Label::new("Pemeriksaan ini", "This inspection");
pub const OVERSTAY_AUTO: Label = Label::new(
    "Dihitung otomatis dari akhir izin tinggal",
    "Computed from the permit's end",
);
pub const ADD_PHOTO: Label = Label::new("Tambah foto", "Add a photo");
pub const PHOTO_WAITING: Label = Label::new("foto menunggu diunggah", "photos waiting to upload");
pub const PHOTOS: Label = Label::new("Foto", "Photos");
pub const PHOTO_UNREADABLE: Label = Label::new(
    "Foto tidak dapat dibaca. Coba ambil lagi.",
    "The photo could not be read. Try taking it again.",
);

pub const NAV_MEETINGS: Label = Label::new("Rakor", "Meetings");
pub const NEW_MEETING: Label = Label::new("Rakor baru", "New meeting");
pub const NO_MEETINGS: Label = Label::new("Belum ada rakor.", "No meetings yet.");
pub const ATTENDANCE: Label = Label::new("Kehadiran", "Attendance");
pub const ROSTER_EMPTY: Label = Label::new(
    "Daftar anggota tim belum tersedia; sinkronkan sekali saat daring.",
    "The team roster is not here yet; sync once while online.",
);
pub const PRESENT: Label = Label::new("hadir", "present");
pub const FOLLOW_UPS: Label = Label::new("Rencana tindak lanjut", "Follow-up actions");
pub const OPEN_FOLLOW_UPS: Label = Label::new("Tindak lanjut terbuka", "Open follow-ups");
pub const NO_FOLLOW_UPS: Label =
    Label::new("Tidak ada tindak lanjut terbuka.", "No open follow-ups.");
pub const ADD_FOLLOW_UP: Label = Label::new("Tambah tindak lanjut", "Add a follow-up");
pub const OVERDUE: Label = Label::new("Terlambat", "Overdue");
pub const DUE: Label = Label::new("Tenggat", "Due");
pub const INSPECTION_HISTORY: Label = Label::new("Riwayat pemeriksaan", "Inspection history");
pub const OFFICERS_PRESENT: Label = Label::new("Petugas yang hadir", "Officers present");
pub const ERROR_OTHER_OFFICER_PENDING: Label = Label::new(
    "Perangkat ini masih menyimpan perubahan petugas lain yang belum terkirim. Petugas tersebut harus masuk dan menyinkronkan dulu.",
    "This device still holds another officer's unsent changes. That officer must sign in and sync first.",
);

pub const REVIEW_CONFLICTS: Label = Label::new("Tinjau konflik data", "Review data conflicts");
pub const REVIEW_INTRO: Label = Label::new(
    "Nilai yang kalah saat dua perangkat mengubah data yang sama. Pulihkan nilai yang benar, atau abaikan.",
    "Values that lost when two devices changed the same data. Restore the right value, or dismiss.",
);
pub const NO_CONFLICTS: Label = Label::new("Tidak ada konflik yang terbuka.", "No open conflicts.");
pub const KEPT_VALUE: Label = Label::new("Nilai yang berlaku", "Value kept");
pub const LOSING_VALUE: Label = Label::new("Nilai yang kalah", "Value that lost");
pub const RESTORE_VALUE: Label = Label::new("Pulihkan nilai ini", "Restore this value");
pub const DISMISS: Label = Label::new("Abaikan", "Dismiss");
pub const RESTORED: Label = Label::new(
    "Nilai dipulihkan dan akan tersinkron ke semua perangkat.",
    "Value restored; it syncs to every device.",
);
pub const DISMISSED: Label = Label::new("Konflik diabaikan.", "Conflict dismissed.");
pub const ALREADY_CLOSED: Label = Label::new(
    "Konflik ini sudah ditangani orang lain.",
    "Someone else already handled this conflict.",
);
pub const NEEDS_CONNECTION: Label = Label::new(
    "Butuh koneksi ke server. Data di perangkat tetap aman; coba lagi saat daring.",
    "Needs a connection to the server. The data on this device is safe; try again when online.",
);
pub const COORDINATORS_ONLY: Label = Label::new(
    "Hanya koordinator tim dan Kanwil yang meninjau konflik.",
    "Only team coordinators and the central office review conflicts.",
);
pub const LOADING_FROM_SERVER: Label =
    Label::new("Memuat dari server…", "Loading from the server…");
pub const BY_DEVICE: Label = Label::new("perangkat", "device");
pub const RECEIVED: Label = Label::new("diterima server", "received");
pub const HISTORY: Label = Label::new("Riwayat perubahan", "Change history");
pub const NO_HISTORY: Label = Label::new(
    "Belum ada perubahan yang tercatat di server.",
    "No changes recorded on the server yet.",
);
pub const LOST_IN_MERGE: Label = Label::new("kalah oleh perubahan lain", "lost to another change");
pub const UNKNOWN_AUTHOR: Label = Label::new("(tidak diketahui)", "(unknown)");
pub const OPEN_RECORD: Label = Label::new("Buka data", "Open record");

// Election watch.
pub const ELECTION_PERIOD: Label = Label::new("Masa pemilu", "Election period");
pub const ELECTION_TAGGED: Label = Label::new(
    "Pemeriksaan ini ditandai untuk pengawasan pemilu",
    "This inspection is tagged for the election watch",
);
pub const ELECTION_UNTAG: Label = Label::new(
    "Bukan bagian pengawasan pemilu",
    "Not part of the election watch",
);
pub const ELECTION_UNTAG_REASON: Label =
    Label::new("Alasan melepas tanda", "Why the tag comes off");
pub const ELECTION_UNTAG_REASON_NEEDED: Label = Label::new(
    "Tulis alasan melepas tanda pemilu.",
    "Say why the election tag comes off.",
);

// The lock screen and the data key.
pub const PIN_SET_TITLE: Label = Label::new("Buat PIN tablet", "Set the tablet's PIN");
pub const PIN_SET_HINT: Label = Label::new(
    "Data di tablet ini dienkripsi. PIN (minimal 6 angka) membukanya, juga tanpa sinyal.",
    "The data on this tablet is encrypted. A PIN (6 digits or more) opens it, offline too.",
);
pub const PIN_ENTER_TITLE: Label = Label::new("Tablet terkunci", "Tablet locked");
pub const PIN: Label = Label::new("PIN", "PIN");
pub const PIN_CONFIRM: Label = Label::new("Ulangi PIN", "PIN again");
pub const PIN_SET_BUTTON: Label = Label::new("Simpan PIN", "Save PIN");
pub const PIN_UNLOCK_BUTTON: Label = Label::new("Buka", "Unlock");
pub const PIN_WORKING: Label = Label::new("Sedang membuka…", "Opening…");
pub const PIN_TOO_SHORT: Label =
    Label::new("PIN minimal 6 angka.", "The PIN needs at least 6 digits.");
pub const PIN_NOT_DIGITS: Label = Label::new(
    "PIN hanya boleh berisi angka.",
    "The PIN may hold digits only.",
);
pub const PIN_ONE_DIGIT: Label = Label::new(
    "PIN tidak boleh satu angka yang diulang.",
    "The PIN may not be one digit repeated.",
);
pub const PIN_MISMATCH: Label = Label::new("Kedua PIN tidak sama.", "The two PINs differ.");
pub const PIN_WRONG: Label = Label::new(
    "PIN salah. Sisa {} percobaan sebelum data di tablet ini dihapus.",
    "Wrong PIN. {} tries left before the data on this tablet is wiped.",
);
pub const PIN_WIPED: Label = Label::new(
    "Terlalu banyak PIN salah: data di tablet ini telah dihapus.",
    "Too many wrong PINs: the data on this tablet was wiped.",
);
pub const LOST_WRITES: Label = Label::new(
    "{} perubahan yang belum terkirim ikut terhapus.",
    "{} unsent changes were wiped with it.",
);
pub const LEASE_EXPIRED: Label = Label::new(
    "Tablet sudah terlalu lama tidak tersambung ke server. Sambungkan ke jaringan untuk membuka.",
    "The tablet has been away from the server too long. Connect to the network to unlock.",
);
pub const KEY_LOST: Label = Label::new(
    "Kunci data di tablet ini hilang (penyimpanan peramban dihapus). Masuk lagi dan buat PIN baru.",
    "This tablet's data key is gone (the browser's storage was cleared). Sign in again and set a new PIN.",
);
pub const STORAGE_NOT_PERSISTENT: Label = Label::new(
    "Peramban tidak menjamin penyimpanan tetap: sinkronkan sesering mungkin.",
    "The browser does not guarantee lasting storage: sync as often as you can.",
);
