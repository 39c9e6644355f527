//! The office's screens.

pub mod admin;
pub mod admin_codes;
pub mod admin_forms;
pub mod admin_overstay;
pub mod admin_settings;
pub mod case_review;
pub mod conflicts;
pub mod duplicates;
pub mod elections;
pub mod filter_bar;
pub mod history;
pub mod login;
pub mod map;
pub mod not_admin;
pub mod operations;
pub mod political_activity;
pub mod report;
pub mod summary;
pub mod table;
pub mod teams;
pub mod trend;
pub mod voter_list;
pub mod voter_list_annex;

/// The `count` months ending with this one, `YYYY-MM`, oldest first.
pub fn months_ending_now(count: i32) -> Vec<String> {
    let today = js_sys::Date::new_0();
    (0..count)
        .rev()
        .map(|back| {
            let first = js_sys::Date::new_with_year_month_day(
                today.get_full_year(),
                today.get_month() as i32 - back,
                1,
            );
            format!("{:04}-{:02}", first.get_full_year(), first.get_month() + 1)
        })
        .collect()
}

/// The same month a year earlier: `2026-03` → `2025-03`.
pub fn year_before(month: &str) -> String {
    let year: i32 = month.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0);
    format!("{:04}{}", year - 1, month.get(4..).unwrap_or_default())
}

/// Puts `url` in the address bar without loading it, so that a reload or a shared link
/// shows the same choice again.
pub fn show_in_address(url: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url));
    }
}

/// What a page that only reads figures says when they could not be fetched.
pub fn reading_failure_label(failure: &app::api::ApiFailure) -> pantau_shared::lang::Label {
    match failure.code() {
        "network" => app::i18n::ERROR_NO_CONNECTION,
        _ => app::i18n::ERROR_SERVER,
    }
}

/// An answer's `as_of` (RFC 3339) as the office reads a time: its local date and time.
pub fn as_of_text(as_of: &str) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(as_of));
    String::from(date.to_locale_string("id-ID", &wasm_bindgen::JsValue::UNDEFINED))
}
