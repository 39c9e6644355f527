//! Forms being typed, autosaved to localStorage so a closed tab or a dead battery loses
//! at most the last keystrokes. Writes are debounced: one write after typing pauses.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use pantau_shared::entity::FieldMap;
use std::time::Duration;

const PREFIX: &str = "pantau.draft.";
const DEBOUNCE: Duration = Duration::from_millis(400);

pub fn load(key: &str) -> Option<FieldMap> {
    LocalStorage::get(format!("{PREFIX}{key}")).ok()
}

pub fn clear(key: &str) {
    LocalStorage::delete(format!("{PREFIX}{key}"));
}

/// Saves `values` under `key` once no newer call came within the debounce time.
pub fn save_debounced(key: String, values: FieldMap, generation: StoredValue<u64>) {
    generation.update_value(|g| *g += 1);
    let mine = generation.get_value();
    set_timeout(
        move || {
            if generation.get_value() == mine {
                let _ = LocalStorage::set(format!("{PREFIX}{key}"), &values);
            }
        },
        DEBOUNCE,
    );
}
