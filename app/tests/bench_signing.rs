//! Benchmark, not a test: what signing one finalization costs on the tablet, in
//! Chromium — the RFC 8785 text of a statement of about 2,000 bytes, then its Ed25519
//! signature by WebCrypto, and by the signer module a browser without Ed25519 uses.
//! Prints figures; asserts nothing about time. Run with `.ci/bench`.

#![cfg(all(target_arch = "wasm32", feature = "bench"))]

use serde_json::json;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const ROUNDS: usize = 200;

fn now() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map_or(0.0, |performance| performance.now())
}

fn median(mut timings: Vec<f64>) -> f64 {
    timings.sort_by(f64::total_cmp);
    timings[timings.len() / 2]
}

/// A finalization's statement as the device builds it: the inspection, three findings
/// and their photos' hashes.
fn statement() -> serde_json::Value {
    let finding = |n: u32| {
        json!({"id": format!("0190c0de-0000-7000-8000-00000000000{n}"), "fields": {
            "region_code": "51.01.04", "subject_id": "0190c0de-0000-7000-8000-0000000000aa",
            "violations": ["overstay", "work_without_permit"], "recommended_action": "deportation",
            "notes": "Catatan contoh temuan pemeriksaan lapangan, dibuat untuk pengukuran saja.",
            "photos": ["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"]}})
    };
    json!({
        "kind": "pantau.signed-record.v1", "entity": "inspection",
        "id": "0190c0de-0000-7000-8000-000000000001",
        "officer": "0190c0de-0000-7000-8000-0000000000ff",
        "device": "0190c0de-0000-7000-8000-0000000000ee",
        "hlc": {"millis": 1_764_000_000_000_i64, "counter": 3},
        "record": {"place_name": "Vila Contoh Pengukuran", "region_code": "51.01.04.1001",
            "warrant_number": "SPRIN/UJI/001", "started_at": "2026-12-01T09:00:00+08:00",
            "latitude": -8.3405, "longitude": 114.6167, "accuracy_m": 12.5, "status": "final"},
        "findings": [finding(1), finding(2), finding(3)],
        "photos": ["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"],
    })
}

#[wasm_bindgen_test]
async fn signing_one_finalization() {
    let statement = statement();
    let mut canonical = Vec::with_capacity(ROUNDS);
    let mut text = String::new();
    for _ in 0..ROUNDS {
        let started = now();
        text = app::signing::canonical(&statement).expect("the statement's text");
        canonical.push(now() - started);
    }
    let key = app::signing::generate()
        .await
        .expect("Chromium has Ed25519");
    let mut browser = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let started = now();
        app::signing::sign(&key, &text).await.expect("signed");
        browser.push(now() - started);
    }
    let seed = [7u8; 32];
    let mut module = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let started = now();
        signer::sign(&seed, text.as_bytes()).expect("signed");
        module.push(now() - started);
    }
    web_sys::console::log_1(
        &format!(
            "BENCH signing a {}-byte statement (median of {ROUNDS}): RFC 8785 text {:.3} ms, \
             WebCrypto Ed25519 {:.3} ms, signer module Ed25519 {:.3} ms",
            text.len(),
            median(canonical),
            median(browser),
            median(module),
        )
        .into(),
    );
}
