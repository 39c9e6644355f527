//! Benchmark, not a test: searching 50,000 foreign nationals on the device, in the
//! browser's own WebAssembly engine. Prints figures; asserts nothing about time.
//! Run with `.ci/bench`.

#![cfg(all(target_arch = "wasm32", feature = "bench"))]

use pantau_shared::search::SearchIndex;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod fake_subjects;

use fake_subjects::{RECORDS, now, subjects};

#[wasm_bindgen_test]
fn keystroke_search_over_50k_subjects() {
    let records = subjects();
    let started = now();
    let index = SearchIndex::build(records.iter());
    let build_ms = now() - started;
    // An officer typing a name, then a passport number, one key at a time.
    let typed = [
        "r", "ro", "rob", "robi", "robin", "robin c", "robin co", "d", "dm", "dm0", "dm00",
        "dm001", "dm0012",
    ];
    let mut timings: Vec<f64> = typed
        .iter()
        .map(|query| {
            let started = now();
            let hits = index.search(query, 100);
            std::hint::black_box(hits);
            now() - started
        })
        .collect();
    timings.sort_by(f64::total_cmp);
    let p50 = timings[timings.len() / 2];
    let max = timings[timings.len() - 1];
    web_sys::console::log_1(
        &format!(
            "BENCH search: {RECORDS} subjects, index built in {build_ms:.0} ms; keystroke p50 {p50:.1} ms, max {max:.1} ms (target < 50 ms)"
        )
        .into(),
    );
}
