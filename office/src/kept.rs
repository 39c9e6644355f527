//! The last answer to each of the office's questions, kept in the browser so that the
//! figures stay readable when the server cannot be reached: a page then shows what it
//! last fetched, and says since when. Only counts, teams and reports are kept (no list
//! of named people), and signing out forgets them all.

use app::api::ApiFailure;
use leptos::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

const PREFIX: &str = "pantau-office-kept:";

thread_local! {
    /// When the oldest kept answer shown on this page was fetched (Unix ms), if any was.
    /// Reference-counted rather than owned by a component, so that it lives as long as
    /// the page whichever component first reads it.
    static SHOWN_SINCE: ArcRwSignal<Option<f64>> = ArcRwSignal::new(None);
}

/// When the kept figures on this page were fetched, if the page shows any.
pub fn shown_since() -> ArcRwSignal<Option<f64>> {
    SHOWN_SINCE.with(Clone::clone)
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

#[derive(Serialize, serde::Deserialize)]
struct Kept<T> {
    fetched_ms: f64,
    answer: T,
}

/// The answer to `path`: fresh from the server (and kept), or, when the server cannot be
/// reached, the one kept from the last time.
pub async fn fetch<T, F>(path: &str, ask: F) -> Result<T, ApiFailure>
where
    T: Serialize + DeserializeOwned,
    F: std::future::Future<Output = Result<T, ApiFailure>>,
{
    let key = format!("{PREFIX}{path}");
    match ask.await {
        Ok(answer) => {
            let kept = Kept {
                fetched_ms: js_sys::Date::now(),
                answer,
            };
            if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(&kept)) {
                // A full storage only costs the offline copy.
                let _ = storage.set_item(&key, &text);
            }
            Ok(kept.answer)
        }
        Err(ApiFailure::Network) => {
            let kept: Kept<T> = storage()
                .and_then(|s| s.get_item(&key).ok().flatten())
                .and_then(|text| serde_json::from_str(&text).ok())
                .ok_or(ApiFailure::Network)?;
            shown_since().update(|since| {
                *since = Some(since.map_or(kept.fetched_ms, |s| s.min(kept.fetched_ms)));
            });
            Ok(kept.answer)
        }
        Err(other) => Err(other),
    }
}

/// Forgets every kept answer (at sign-out).
pub fn forget_all() {
    let Some(storage) = storage() else { return };
    let keys: Vec<String> = (0..storage.length().unwrap_or(0))
        .filter_map(|n| storage.key(n).ok().flatten())
        .filter(|key| key.starts_with(PREFIX))
        .collect();
    for key in keys {
        let _ = storage.remove_item(&key);
    }
}
