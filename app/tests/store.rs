//! The device store in a real browser's IndexedDB: a saved record and its outbox entry
//! come back after the store is opened again, acknowledged writes leave, and a wipe
//! leaves nothing.

#![cfg(target_arch = "wasm32")]

use app::store::Store;
use pantau_shared::device::DeviceState;
use pantau_shared::sync::EntityKind;
use pantau_shared::sync::engine::{PullEffects, PushEffects};
use serde_json::json;
use uuid::Uuid;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn fields(value: serde_json::Value) -> pantau_shared::entity::FieldMap {
    value.as_object().cloned().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_saved_edit_survives_reopening_and_wipe_clears_everything() {
    let store = Store::open().await.expect("open");
    store.wipe().await.expect("start empty");
    let device_id = Uuid::now_v7();
    let mut state = DeviceState::new(device_id);
    let (id, op) = (Uuid::now_v7(), Uuid::now_v7());
    let writes = state
        .edit(
            EntityKind::Subject,
            id,
            fields(json!({"region_code": "51.01", "full_name": "DEMO TOKO"})),
            op,
            1_000,
        )
        .expect("valid edit");
    store.apply(&writes).await.expect("saved");
    drop(store);

    let reopened = Store::open().await.expect("reopen");
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
    reopened.apply(&acknowledged).await.expect("ack saved");
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
