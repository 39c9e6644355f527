//! The office screens' texts, Bahasa Indonesia first. Sign-in texts are the field app's.

use pantau_shared::lang::Label;

pub const OFFICE_TITLE: Label = Label::new("Administrasi", "Administration");
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
pub const ERROR_GONE: Label = Label::new(
    "Tidak ditemukan lagi; daftar dimuat ulang.",
    "No longer there; the list has been reloaded.",
);
pub const NOT_ADMIN: Label = Label::new(
    "Layar ini untuk administrator. Petugas, koordinator dan Kanwil bekerja di aplikasi lapangan.",
    "These screens are for administrators. Officers, coordinators and the Kanwil work in the field app.",
);
pub const OPEN_FIELD_APP: Label = Label::new("Buka aplikasi lapangan", "Open the field app");
