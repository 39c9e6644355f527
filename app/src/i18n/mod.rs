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
