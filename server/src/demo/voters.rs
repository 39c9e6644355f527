//! The demo's election-watch examples in Jembrana: foreign nationals holding a KTP-el
//! number (one ITAP holder in order, one whose ITAP has expired, one who holds no ITAP at
//! all, one naturalised) and one without a NIK, all of whom appear in the sample voter
//! list extract `docs/examples/dpt-contoh-jembrana.csv`. Every name and number is made
//! up.

use pantau_shared::sync::Hlc;
use serde_json::{Value, json};
use uuid::Uuid;

/// The foreign nationals as pushed: region, name, nationality, sex, date of birth,
/// permit type and end, NIK, naturalised.
#[allow(clippy::type_complexity)]
const VOTERS: &[(&str, &str, &str, &str, &str, &str, &str, Option<&str>, bool)] = &[
    (
        "51.01.01.2001",
        "Avery Pemilih Contoh",
        "AUS",
        "F",
        "1980-07-01",
        "ITAP",
        "2029-06-30",
        Some("5101014107800001"),
        false,
    ),
    (
        "51.01.02.2001",
        "Jordan Pemilih Fiktif",
        "NLD",
        "M",
        "1975-03-12",
        "ITAP",
        "2025-06-30",
        Some("5101021203750002"),
        false,
    ),
    (
        "51.01.03.2001",
        "Kim Pemilih Sampel",
        "JPN",
        "F",
        "1988-05-15",
        "ITAS",
        "2027-01-31",
        Some("5101035505880003"),
        false,
    ),
    (
        "51.01.04.2002",
        "Morgan Naturalisasi Contoh",
        "MYS",
        "M",
        "1970-09-08",
        "ITAP",
        "2030-12-31",
        Some("5101040809700004"),
        true,
    ),
    (
        "51.01.04.2002",
        "Renée Tanpa-NIK Contoh",
        "FRA",
        "F",
        "1979-09-09",
        "ITAS",
        "2027-08-31",
        None,
        false,
    ),
];

/// The examples as mutations stamped by `device` from `millis`.
pub fn mutations(device: Uuid, millis: u64) -> Vec<Value> {
    VOTERS
        .iter()
        .enumerate()
        .map(
            |(n, (region, name, nationality, sex, born, permit, expiry, nik, naturalised))| {
                let mut fields = json!({
                    "region_code": region,
                    "full_name": name,
                    "nationality": nationality,
                    "sex": sex,
                    "date_of_birth": born,
                    "passport_number": format!("DM{:07}", 9_100_000 + n),
                    "permit_type": permit,
                    "permit_expiry": expiry,
                    "address": "Jl. Fiktif Pemilu No. 1 (contoh)",
                });
                if let Some(nik) = nik {
                    fields["nik"] = json!(nik);
                }
                if *naturalised {
                    fields["naturalised"] = json!(true);
                    fields["naturalised_note"] =
                        json!("Contoh: keputusan kewarganegaraan fiktif, tidak ada aslinya.");
                }
                let hlc = Hlc {
                    millis,
                    counter: n as u32,
                    device,
                };
                json!({
                    "op_id": Uuid::now_v7(), "entity": "subject", "id": Uuid::now_v7(),
                    "hlc": hlc.to_string(), "fields": fields,
                })
            },
        )
        .collect()
}
