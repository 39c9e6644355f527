//! Benchmark, not a test: opening the tablet's encrypted store with 50,000 foreign
//! nationals, in Chromium — the PIN's Argon2id, then decrypting every record into memory
//! once — and one sealed write of a record with its outbox entry. Prints figures;
//! asserts nothing about time. Run with `.ci/bench`.

#![cfg(all(target_arch = "wasm32", feature = "bench"))]

use app::store::Store;
use app::vault;
use pantau_shared::device::StoreWrite;
use pantau_shared::sync::EntityKind;
use pantau_shared::sync::wire::DeviceLease;
use serde_json::json;
use uuid::Uuid;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod fake_subjects;

use fake_subjects::{RECORDS, now, subjects};

const PIN: &str = "246810";
const WRITES: usize = 50;

fn median(mut timings: Vec<f64>) -> f64 {
    timings.sort_by(f64::total_cmp);
    timings[timings.len() / 2]
}

#[wasm_bindgen_test]
async fn unlock_with_50k_records() {
    let lease = DeviceLease {
        share: "5a".repeat(32),
        until_ms: i64::MAX,
        pin_attempts: 10,
        idle_lock_minutes: 15,
    };
    let (key, kept) = vault::create(PIN, lease).await.expect("a data key");
    let store = Store::open().await.expect("open").unlocked(key);
    store.wipe().await.expect("start empty");
    for chunk in subjects().chunks(1_000) {
        let writes: Vec<StoreWrite> = chunk.iter().cloned().map(StoreWrite::PutRecord).collect();
        store.apply(&writes).await.expect("filled");
    }
    drop(store);

    let started = now();
    let key = vault::unlock(PIN, &kept).await.expect("the PIN opens it");
    let derive_ms = now() - started;
    let started = now();
    let store = Store::open().await.expect("open").unlocked(key);
    let device = Uuid::now_v7();
    let mut state = store.load(device).await.expect("load");
    let load_ms = now() - started;
    assert_eq!(state.records().count(), RECORDS, "every record opened");

    let mut timings = Vec::with_capacity(WRITES);
    for n in 0..WRITES {
        let fields = json!({"region_code": "51.01.02", "full_name": format!("CONTOH TULIS {n}")});
        let writes = state
            .edit(
                EntityKind::Subject,
                Uuid::now_v7(),
                fields.as_object().cloned().unwrap_or_default(),
                Uuid::now_v7(),
                1_700_000_000_000 + n as u64,
            )
            .expect("a valid edit");
        let started = now();
        store.apply(&writes).await.expect("saved");
        timings.push(now() - started);
    }
    store.wipe().await.expect("clean up");
    web_sys::console::log_1(
        &format!(
            "BENCH unlock: {RECORDS} subjects; PIN (Argon2id 64 MiB, 3 passes) {derive_ms:.0} ms, decrypting the store into memory {load_ms:.0} ms, total {:.0} ms",
            derive_ms + load_ms
        )
        .into(),
    );
    web_sys::console::log_1(
        &format!(
            "BENCH sealed write: one record with its outbox entry, median {:.1} ms over {WRITES}",
            median(timings)
        )
        .into(),
    );
}
