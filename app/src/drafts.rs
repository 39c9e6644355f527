//! Forms being typed, autosaved so a closed tab or a dead battery loses at most the last
//! keystrokes. Writes are debounced: one write after typing pauses. Drafts are kept in
//! localStorage sealed under the data key, and read into memory once at unlock.

use crate::vault::{self, DataKey};
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use leptos::task::spawn_local;
use pantau_shared::entity::FieldMap;
use std::cell::RefCell;
use std::collections::HashMap;
use std::time::Duration;

const PREFIX: &str = "pantau.draft.";
const DEBOUNCE: Duration = Duration::from_millis(400);

thread_local! {
    static OPEN: RefCell<HashMap<String, FieldMap>> = RefCell::new(HashMap::new());
}

/// Opens every kept draft into memory (at unlock); a draft that does not open is dropped.
pub async fn open_kept(key: &DataKey) {
    let storage = LocalStorage::raw();
    let names: Vec<String> = (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|name| name.starts_with(PREFIX))
        .collect();
    for name in names {
        let sealed = LocalStorage::get::<String>(&name)
            .ok()
            .and_then(|text| hex::decode(text).ok());
        let opened = match sealed {
            Some(bytes) => {
                vault::open(key, &js_sys::Uint8Array::from(bytes.as_slice()).into()).await
            }
            None => None,
        };
        match opened.and_then(|plain| {
            serde_json::from_str::<FieldMap>(&String::from_utf8(plain).ok()?).ok()
        }) {
            Some(values) => OPEN.with(|open| {
                open.borrow_mut()
                    .insert(name[PREFIX.len()..].to_string(), values)
            }),
            None => {
                LocalStorage::delete(&name);
                None
            }
        };
    }
}

pub fn load(key: &str) -> Option<FieldMap> {
    OPEN.with(|open| open.borrow().get(key).cloned())
}

pub fn clear(key: &str) {
    OPEN.with(|open| open.borrow_mut().remove(key));
    LocalStorage::delete(format!("{PREFIX}{key}"));
}

/// Saves `values` under `key` once no newer call came within the debounce time.
pub fn save_debounced(key: String, values: FieldMap, generation: StoredValue<u64>) {
    generation.update_value(|g| *g += 1);
    let mine = generation.get_value();
    set_timeout(
        move || {
            if generation.get_value() != mine {
                return;
            }
            OPEN.with(|open| open.borrow_mut().insert(key.clone(), values.clone()));
            let Some(data_key) = vault::unlocked() else {
                return;
            };
            spawn_local(async move {
                let Ok(plain) = serde_json::to_string(&values) else {
                    return;
                };
                // A draft cleared (saved) while it was being sealed is not kept.
                if let Ok(sealed) = vault::seal(&data_key, plain.as_bytes()).await
                    && generation.get_value() == mine
                {
                    let _ =
                        LocalStorage::set(format!("{PREFIX}{key}"), hex::encode(sealed.to_vec()));
                }
            });
        },
        DEBOUNCE,
    );
}
