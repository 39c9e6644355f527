//! Benchmark: the voter-list cross-check of a regency's voter list, 1,000,000 rows,
//! against 200,000 foreign nationals, on the real server over HTTP (SQLite). Prints
//! figures; never asserts. Run with `.ci/bench`.
//!
//! - 200,000 generated foreign nationals are pushed; every hundredth holds a NIK;
//! - a generated extract of 1,000,000 rows (made-up citizens, 1,000 rows with a foreign
//!   national's NIK and 1,000 with a foreign national's name and date of birth) is
//!   checked by the Kanwil in two uploads of 500,000 rows, as the default 50 MB limit asks of a
//!   list this size;
//! - a small extract of 10,000 rows is checked first: the server's memory high-water
//!   mark during each check (reset before it) shows that memory does not grow with the
//!   extract, which streams through; and the time of each check.

use anyhow::bail;
use pantau_e2e::bench::{Session, memory, reset_peak, sign_in};
use pantau_e2e::{PASSWORD, Product};
use pantau_shared::sync::Hlc;
use pantau_shared::sync::wire::{PushResponse, PushStatus};
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use uuid::Uuid;

const SUBJECTS: usize = 200_000;
const ROWS: usize = 1_000_000;
const PARTS: usize = 2;
/// Rows of the small extract checked first, for the memory it takes.
const SMALL: usize = 10_000;
const BATCH: usize = 1_000;

/// The `n`th foreign national's NIK, if they hold one (every hundredth does).
fn nik_of(n: usize) -> Option<String> {
    let holder = n / 100;
    n.is_multiple_of(100).then(|| {
        format!(
            "510{}01{:02}{:02}80{:04}",
            1 + holder % 9,
            1 + holder % 28,
            1 + holder % 12,
            holder % 10_000
        )
    })
}

fn name_of(n: usize) -> String {
    format!("CONTOH DPT BENCH {n}")
}

fn born_of(n: usize) -> String {
    format!("19{:02}-0{}-1{}", 50 + n % 50, 1 + n % 9, n % 10)
}

fn subject(session: &Session, n: usize) -> Value {
    let hlc = Hlc {
        millis: pantau_e2e::device::wall_ms() + (n / 1_000) as u64,
        counter: (n % 1_000) as u32,
        device: session.device_id,
    };
    let mut fields = json!({
        "region_code": format!("51.0{}", 1 + n % 9),
        "full_name": name_of(n),
        "nationality": "AUS",
        "passport_number": format!("BV{n:07}"),
        "date_of_birth": born_of(n),
        "permit_type": "ITAP",
    });
    if let Some(nik) = nik_of(n) {
        fields["nik"] = json!(nik);
    }
    json!({
        "op_id": Uuid::now_v7(), "entity": "subject", "id": Uuid::now_v7(),
        "hlc": hlc.to_string(), "fields": fields,
    })
}

/// The extract's rows `from..to` with its header, as a spreadsheet saves it.
fn extract(from: usize, to: usize) -> Vec<u8> {
    let mut text = String::with_capacity((to - from) * 70 + 64);
    text.push_str("nik;nama;tanggal_lahir;tps;kelurahan\n");
    for row in from..to {
        let (nik, name, born) = if row % 1_000 == 0 {
            // A foreign national's NIK.
            let n = (row / 1_000 * 100) % SUBJECTS;
            (nik_of(n).unwrap_or_default(), name_of(n), born_of(n))
        } else if row % 1_000 == 500 {
            // A foreign national's name and date of birth, under another NIK.
            let n = (row / 1_000 * 100 + 1) % SUBJECTS;
            (
                format!("5171{:02}0101{:06}", 1 + row % 4, row % 1_000_000),
                name_of(n).to_lowercase(),
                born_of(n),
            )
        } else {
            (
                format!(
                    "5171{:02}{:02}{:02}{:06}",
                    1 + row % 4,
                    1 + row % 28,
                    1 + row % 12,
                    row % 1_000_000
                ),
                format!("WARGA CONTOH DPT {row}"),
                format!(
                    "19{:02}-{:02}-{:02}",
                    40 + row % 60,
                    1 + row % 12,
                    1 + row % 28
                ),
            )
        };
        text.push_str(&format!(
            "{nik};{name};{born};{:03};Kelurahan Contoh {}\n",
            1 + row % 40,
            row % 97
        ));
    }
    text.into_bytes()
}

fn ms(duration: Duration) -> String {
    format!("{:.0} ms", duration.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut product = Product::new()?;
    product.team("bali", "51", &[("petugas", "field", "IMIGRASI")])?;
    product.team("kanwil-bali", "51", &[("kanwil", "central", "KANWIL")])?;
    product.serve()?;
    let pid = product
        .server_pid()
        .ok_or_else(|| anyhow::anyhow!("the server is not running"))?;
    let http = reqwest::Client::new();
    let field = sign_in(&http, &product.url, "petugas", PASSWORD).await?;
    let office = sign_in(&http, &product.url, "kanwil", PASSWORD).await?;

    let everyone: Vec<Value> = (0..SUBJECTS).map(|n| subject(&field, n)).collect();
    for batch in everyone.chunks(BATCH) {
        let answer: PushResponse = http
            .post(format!("{}/api/sync/push", product.url))
            .bearer_auth(&field.token)
            .json(&json!({"device_id": field.device_id, "mutations": batch}))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        if let Some(bad) = answer
            .results
            .iter()
            .find(|r| r.status != PushStatus::Applied)
        {
            bail!("a benchmark mutation was not applied: {bad:?}");
        }
    }
    drop(everyone);
    let (rss, peak) = memory(pid);
    println!(
        "BENCH {SUBJECTS} foreign nationals pushed; server memory {rss:.0} MB (peak so far {peak:.0} MB)"
    );

    // A small extract first: the peak a check reaches is the same whatever the
    // extract's size, as the rows stream through.
    let part = ROWS / PARTS;
    let mut total = Duration::ZERO;
    let mut checks = vec![(ROWS, ROWS + SMALL)];
    checks.extend((0..PARTS).map(|n| (n * part, (n + 1) * part)));
    for (from, to) in checks {
        let rows = to - from;
        let body = extract(from, to);
        reset_peak(pid);
        let size_mb = body.len() as f64 / 1024.0 / 1024.0;
        let started = Instant::now();
        let answer: Value = http
            .post(format!("{}/api/voter-list/checks", product.url))
            .bearer_auth(&office.token)
            .header("content-type", "text/csv")
            .body(body)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let took = started.elapsed();
        if rows != SMALL {
            total += took;
        }
        let (rss, peak) = memory(pid);
        println!(
            "BENCH check of {rows} rows ({size_mb:.1} MB) against {} foreign nationals: {} \
             ({:.0} rows/s), {} matches ({} refused rows); server memory after {rss:.0} MB, peak during the check {peak:.0} MB",
            answer["foreigners_checked"],
            ms(took),
            rows as f64 / took.as_secs_f64(),
            answer["matches_found"],
            answer["rows_refused"],
        );
    }
    println!("BENCH {ROWS} rows checked in {}", ms(total));
    Ok(())
}
