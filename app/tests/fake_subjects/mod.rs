//! 50,000 clearly fake foreign nationals for the browser benchmarks.

use pantau_shared::device::LocalRecord;
use serde_json::json;
use uuid::Uuid;

pub const RECORDS: usize = 50_000;
const GIVEN: &[&str] = &[
    "Alex", "Sam", "Robin", "Kim", "Jordan", "Casey", "Taylor", "Morgan",
];
const SURNAMES: &[&str] = &["Contoh", "Sampel", "Fiktif", "Percobaan", "Demo", "Uji"];
const NATIONS: &[&str] = &[
    "AUS", "RUS", "USA", "GBR", "CHN", "DEU", "FRA", "NLD", "JPN", "KOR",
];

pub fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

pub fn subjects() -> Vec<LocalRecord> {
    (0..RECORDS)
        .map(|n| {
            let fields = json!({
                "region_code": format!("51.0{}.0{}", 1 + n % 8, 1 + n % 5),
                "full_name": format!("{} {} {n:05}", GIVEN[n % GIVEN.len()], SURNAMES[(n / 7) % SURNAMES.len()]),
                "nationality": NATIONS[n % NATIONS.len()],
                "passport_number": format!("DM{:07}", n * 13 % 9_999_999),
                "permit_number": format!("CONTOH-{n:06}"),
            });
            LocalRecord {
                entity: "subject".into(),
                id: Uuid::from_u128(n as u128),
                server: Default::default(),
                fields: fields.as_object().cloned().unwrap_or_default(),
                lost_fields: vec![],
                receipt: None,
            }
        })
        .collect()
}
