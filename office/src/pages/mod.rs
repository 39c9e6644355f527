//! The office's screens.

pub mod admin;
pub mod admin_forms;
pub mod duplicates;
pub mod login;
pub mod map;
pub mod not_admin;
pub mod report;
pub mod summary;
pub mod table;
pub mod teams;
pub mod trend;

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
