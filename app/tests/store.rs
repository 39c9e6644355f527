//! The device store in a real browser's IndexedDB: a saved record and its outbox entry
//! come back after the store is opened again under the data key, acknowledged writes
//! leave, the raw database holds nothing readable, another key reads nothing, and a wipe
//! leaves nothing.

#![cfg(target_arch = "wasm32")]

use app::store::Store;
use app::vault::{self, DataKey};
use pantau_shared::device::DeviceState;
use pantau_shared::sync::EntityKind;
use pantau_shared::sync::engine::{PullEffects, PushEffects};
use pantau_shared::sync::wire::DeviceLease;
use serde_json::json;
use uuid::Uuid;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn fields(value: serde_json::Value) -> pantau_shared::entity::FieldMap {
    value.as_object().cloned().unwrap_or_default()
}

async fn new_key(pin: &str) -> DataKey {
    let lease = DeviceLease {
        share: "ab".repeat(32),
        until_ms: 0,
        pin_attempts: 10,
        idle_lock_minutes: 15,
    };
    let (key, kept) = vault::create(pin, lease).await.expect("a key");
    let opened = vault::unlock(pin, &kept).await.expect("the PIN opens it");
    assert!(
        vault::unlock("000001", &kept).await.is_none(),
        "another PIN does not"
    );
    drop(opened);
    key
}

/// The device database as the browser holds it, past the app's store.
async fn raw_database() -> idb::Database {
    idb::Factory::new()
        .expect("idb")
        .open("pantau", None)
        .expect("open")
        .await
        .expect("opened")
}

/// Every value of an object store, as the browser holds it, written out as text.
async fn raw_text(store: &str) -> String {
    let db = raw_database().await;
    let tx = db
        .transaction(&[store], idb::TransactionMode::ReadOnly)
        .expect("tx");
    let values = tx
        .object_store(store)
        .expect("store")
        .get_all(None, None)
        .expect("get all")
        .await
        .expect("values");
    values
        .iter()
        .map(|value| match value.as_string() {
            Some(text) => text,
            None => String::from_utf8_lossy(&js_sys::Uint8Array::new(value).to_vec()).into_owned(),
        })
        .collect()
}

#[wasm_bindgen_test]
async fn a_saved_edit_survives_reopening_and_wipe_clears_everything() {
    let key = new_key("246810").await;
    let store = Store::open().await.expect("open").unlocked(key.clone());
    store.wipe().await.expect("start empty");
    let device_id = Uuid::now_v7();
    let mut state = DeviceState::new(device_id);
    let (id, op) = (Uuid::now_v7(), Uuid::now_v7());
    let writes = state
        .edit(
            EntityKind::Subject,
            id,
            fields(json!({"region_code": "51.01", "full_name": "DEMO TOKO",
                "passport_number": "X1234567", "nik": "5101010101900001"})),
            op,
            1_000,
        )
        .expect("valid edit");
    store.apply(&writes).await.expect("saved");
    store
        .keep_photo("cafe", b"DEMO TOKO PHOTO", "51.01")
        .await
        .expect("photo kept");
    drop(store);

    // What a copy of the browser's profile would show: no name, passport or NIK.
    for name in ["records", "outbox", "photos"] {
        let raw = raw_text(name).await;
        assert!(!raw.is_empty(), "{name} holds something");
        for secret in ["DEMO TOKO", "X1234567", "5101010101900001", "full_name"] {
            assert!(!raw.contains(secret), "{name} shows {secret} in clear");
        }
    }
    // Another data key opens none of it.
    let stranger = Store::open()
        .await
        .expect("open")
        .unlocked(new_key("135790").await);
    let seen = stranger.load(device_id).await.expect("load");
    assert_eq!(seen.records().count(), 0);
    assert_eq!(stranger.photo("cafe").await.expect("read"), None);

    let reopened = Store::open().await.expect("reopen").unlocked(key);
    assert_eq!(
        reopened.photo("cafe").await.expect("read").as_deref(),
        Some(&b"DEMO TOKO PHOTO"[..])
    );
    let loaded = reopened.load(device_id).await.expect("load");
    assert_eq!(
        loaded, state,
        "records, outbox, cursor and clock all come back"
    );
    assert_eq!(
        loaded.record(id).and_then(|r| r.text("full_name")),
        Some("DEMO TOKO")
    );
    assert_eq!(loaded.pending_count(), 1);

    let mut state = loaded;
    let acknowledged = state.apply_push(&PushEffects {
        acknowledged: vec![op],
        ..PushEffects::default()
    });
    let pulled = state.apply_pull(PullEffects {
        cursor: 12,
        ..PullEffects::default()
    });
    // Locked, the tablet counts its unsent writes without opening them: one before the
    // acknowledgement, none after, though the outbox keeps the acknowledged write.
    assert_eq!(Store::open().await.expect("open").unsent_count().await, 1);
    reopened
        .apply_counted(&acknowledged, Some(state.pending_count()))
        .await
        .expect("ack saved");
    assert_eq!(Store::open().await.expect("open").unsent_count().await, 0);
    assert!(
        !raw_text("outbox").await.is_empty(),
        "the acknowledged write is kept"
    );
    reopened.apply(&pulled).await.expect("cursor saved");
    let again = reopened.load(device_id).await.expect("load");
    assert_eq!((again.pending_count(), again.cursor()), (0, 12));

    reopened.wipe().await.expect("wipe");
    let empty = reopened.load(device_id).await.expect("load");
    assert_eq!(
        (
            empty.records().count(),
            empty.pending_count(),
            empty.cursor()
        ),
        (0, 0, 0)
    );
}

/// Puts `value` as JSON text in clear under `key`, as the app kept it before it sealed.
async fn put_in_clear(store: &str, key: Uuid, value: &impl serde::Serialize) {
    let db = raw_database().await;
    let tx = db
        .transaction(&[store], idb::TransactionMode::ReadWrite)
        .expect("tx");
    let text = serde_json::to_string(value).expect("json");
    tx.object_store(store)
        .expect("store")
        .put(&text.into(), Some(&key.to_string().into()))
        .expect("put")
        .await
        .expect("put done");
    tx.commit().expect("commit").await.expect("committed");
    db.close();
}

#[wasm_bindgen_test]
async fn a_store_kept_in_clear_by_an_older_app_is_sealed_at_unlock() {
    use pantau_shared::device::StoreWrite;
    let key = new_key("246810").await;
    Store::open()
        .await
        .expect("open")
        .wipe()
        .await
        .expect("start empty");
    let device_id = Uuid::now_v7();
    let mut state = DeviceState::new(device_id);
    let (id, op) = (Uuid::now_v7(), Uuid::now_v7());
    let writes = state
        .edit(
            EntityKind::Subject,
            id,
            fields(json!({"region_code": "51.01", "full_name": "DEMO LAMA",
                "passport_number": "X7654321"})),
            op,
            1_000,
        )
        .expect("valid edit");
    for write in &writes {
        match write {
            StoreWrite::PutRecord(record) => put_in_clear("records", id, record).await,
            StoreWrite::PutOutbox(entry) => put_in_clear("outbox", op, entry).await,
            _ => {}
        }
    }
    assert!(raw_text("records").await.contains("DEMO LAMA"));

    let store = Store::open().await.expect("open").unlocked(key);
    let loaded = store.load(device_id).await.expect("load");
    assert_eq!(
        loaded.record(id).and_then(|r| r.text("full_name")),
        Some("DEMO LAMA"),
        "nothing kept in clear is dropped"
    );
    assert_eq!(
        loaded.pending_count(),
        1,
        "the unsent write is still unsent"
    );
    for name in ["records", "outbox"] {
        let raw = raw_text(name).await;
        for secret in ["DEMO LAMA", "X7654321"] {
            assert!(
                !raw.contains(secret),
                "{name} still shows {secret} in clear"
            );
        }
    }
    let again = store.load(device_id).await.expect("load again");
    assert_eq!(again.record(id), loaded.record(id));
    store.wipe().await.expect("clean up");
}

#[wasm_bindgen_test]
async fn photos_are_named_by_their_hash() {
    assert_eq!(
        app::photos::sha256_hex(b"abc").await.ok().as_deref(),
        Some("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    );
}
