//! The office's session, in localStorage under its own key: the field app on the same
//! browser never picks it up and syncs under an office account.

use app::session::StoredSession;
use gloo_storage::{LocalStorage, Storage};

const OFFICE_SESSION_KEY: &str = "pantau.office_session";

pub fn load() -> Option<StoredSession> {
    LocalStorage::get(OFFICE_SESSION_KEY).ok()
}

pub fn save(session: Option<&StoredSession>) {
    match session {
        Some(session) => {
            let _ = LocalStorage::set(OFFICE_SESSION_KEY, session);
        }
        None => LocalStorage::delete(OFFICE_SESSION_KEY),
    }
}

/// The device id this browser's office sessions of `username` present: the one the
/// server gave before, else a new one. Kept apart from the field app's, so that the
/// office never takes over a tablet's identity.
pub fn device_id_for(username: &str) -> uuid::Uuid {
    LocalStorage::get(device_key_of(username)).unwrap_or_else(|_| uuid::Uuid::now_v7())
}

pub fn remember_device(username: &str, id: uuid::Uuid) {
    let _ = LocalStorage::set(device_key_of(username), id);
}

fn device_key_of(username: &str) -> String {
    format!("pantau.office_device.{}", username.to_lowercase())
}
