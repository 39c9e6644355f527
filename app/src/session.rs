//! What the device remembers between visits, in localStorage: its own id, the signed-in
//! session and the chosen language.

use crate::vault::{self, DataKey};
use gloo_storage::{LocalStorage, Storage};
use pantau_shared::Lang;
use pantau_shared::team::Officer;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

const DEVICE_KEY: &str = "pantau.device_id";
const SESSION_KEY: &str = "pantau.session";
const LANG_KEY: &str = "pantau.lang";
const LAST_SYNC_KEY: &str = "pantau.last_sync";
const ROSTER_KEY: &str = "pantau.roster";
const RULES_KEY: &str = "pantau.overstay_rules";
const CODE_TABLES_KEY: &str = "pantau.code_tables";
const OWNER_KEY: &str = "pantau.data_owner";

/// A signed-in officer on this device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredSession {
    pub token: String,
    pub expires_at: String,
    pub officer: Officer,
}

/// The id this device syncs under now (its current officer's), created on first use.
pub fn device_id() -> Uuid {
    if let Ok(id) = LocalStorage::get::<Uuid>(DEVICE_KEY) {
        return id;
    }
    let id = Uuid::now_v7();
    let _ = LocalStorage::set(DEVICE_KEY, id);
    id
}

/// The id to present when `username` signs in: the one the server gave that officer on
/// this device before, else the current one. A device id belongs to one officer, so the
/// server answers another officer with a new id of their own.
pub fn device_id_for(username: &str) -> Uuid {
    LocalStorage::get::<Uuid>(device_key_of(username)).unwrap_or_else(|_| device_id())
}

/// Usernames are ASCII letters, digits, `.`, `-` and `_`; ASCII case folding avoids
/// Unicode's lowercasing rules in the field bundle.
fn device_key_of(username: &str) -> String {
    format!("{DEVICE_KEY}.{}", username.to_ascii_lowercase())
}

/// Keeps the id the server bound to `username`'s sessions on this device, and syncs
/// under it from now on.
pub fn set_device_id(username: &str, id: Uuid) {
    let _ = LocalStorage::set(device_key_of(username), id);
    let _ = LocalStorage::set(DEVICE_KEY, id);
}

/// A readable name for this device, from the browser's own description.
pub fn device_name() -> String {
    web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .map(|agent| agent.chars().take(120).collect())
        .unwrap_or_else(|| "Browser".into())
}

/// Forgets everything kept in localStorage: session, device ids, drafts, roster.
pub fn forget_everything() {
    LocalStorage::clear();
}

/// The kept session, its token still sealed: see [`open_session`].
pub fn load_session() -> Option<StoredSession> {
    LocalStorage::get(SESSION_KEY).ok()
}

/// Keeps the session with its token sealed under the data key: the token in
/// localStorage is worth nothing without the PIN.
pub async fn save_session(session: &StoredSession, key: &DataKey) {
    if let Ok(sealed) = vault::seal(key, session.token.as_bytes()).await {
        let kept = StoredSession {
            token: hex::encode(sealed.to_vec()),
            ..session.clone()
        };
        let _ = LocalStorage::set(SESSION_KEY, kept);
    }
}

/// Keeps the signed-in officer as the server now describes them (an administrator moved
/// them to another agency, say), the kept token untouched.
pub fn keep_officer(officer: &Officer) {
    if let Some(kept) = load_session() {
        let _ = LocalStorage::set(
            SESSION_KEY,
            StoredSession {
                officer: officer.clone(),
                ..kept
            },
        );
    }
}

/// The kept session with its token opened, if `key` sealed it.
pub async fn open_session(session: StoredSession, key: &DataKey) -> Option<StoredSession> {
    let sealed = js_sys::Uint8Array::from(hex::decode(&session.token).ok()?.as_slice());
    let token = String::from_utf8(vault::open(key, &sealed.into()).await?).ok()?;
    Some(StoredSession { token, ..session })
}

pub fn forget_session() {
    LocalStorage::delete(SESSION_KEY);
}

pub fn load_lang() -> Lang {
    LocalStorage::get(LANG_KEY).unwrap_or_default()
}

pub fn save_lang(lang: Lang) {
    let _ = LocalStorage::set(LANG_KEY, lang);
}

/// When the last sync succeeded (milliseconds since the epoch), kept across reloads.
pub fn load_last_sync() -> Option<f64> {
    LocalStorage::get(LAST_SYNC_KEY).ok()
}

pub fn save_last_sync(ms: f64) {
    let _ = LocalStorage::set(LAST_SYNC_KEY, ms);
}

/// The team roster as last fetched, for attendance lists offline.
pub fn load_roster() -> Vec<Officer> {
    LocalStorage::get(ROSTER_KEY).unwrap_or_default()
}

pub fn save_roster(roster: &[Officer]) {
    let _ = LocalStorage::set(ROSTER_KEY, roster);
}

/// The overstay rule's versions as the server last gave them; none until then, which
/// judges by the PP 28/2019 values.
pub fn load_overstay_rules() -> pantau_shared::permit::OverstayRules {
    LocalStorage::get(RULES_KEY).unwrap_or_default()
}

pub fn save_overstay_rules(rules: &pantau_shared::permit::OverstayRules) {
    let _ = LocalStorage::set(RULES_KEY, rules);
}

/// The regulation code tables as the server last gave them; none until then, when a
/// code is typed.
pub fn load_code_tables() -> pantau_shared::code_table::CodeTables {
    LocalStorage::get(CODE_TABLES_KEY).unwrap_or_default()
}

pub fn save_code_tables(tables: &pantau_shared::code_table::CodeTables) {
    let _ = LocalStorage::set(CODE_TABLES_KEY, tables);
}

/// The officer whose data the device holds.
pub fn data_owner() -> Option<uuid::Uuid> {
    LocalStorage::get(OWNER_KEY).ok()
}

pub fn set_data_owner(officer: uuid::Uuid) {
    let _ = LocalStorage::set(OWNER_KEY, officer);
}
