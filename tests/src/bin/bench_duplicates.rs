//! Benchmark: finding possible duplicates among 200,000 foreign nationals, on the real
//! server over HTTP (SQLite). Prints figures; never asserts. Run with `.ci/bench`.
//!
//! - 200,000 generated foreign nationals are pushed, 1,000 per batch;
//! - the first review builds every key (`GET /api/duplicates` with no keys yet);
//! - a push of 1,000 more, a tenth of them sharing a passport with someone already
//!   there: the push's time, and the next review's, which reads only those 1,000;
//! - a review with nothing new; and `pantau duplicates rescan`, every key again.
//!
//! Keys are refreshed from the change log when the office reviews, not while a tablet
//! pushes: the push itself does no duplicate work.

use anyhow::bail;
use pantau_e2e::bench::{Session, sign_in};
use pantau_e2e::{PASSWORD, Product};
use pantau_shared::sync::Hlc;
use pantau_shared::sync::wire::{PushResponse, PushStatus};
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use uuid::Uuid;

const SUBJECTS: usize = 200_000;
const LATER: usize = 1_000;
const BATCH: usize = 1_000;
const NATIONALITIES: &[&str] = &["AUS", "DEU", "NZL", "GBR", "USA", "FRA", "NLD", "JPN"];

/// The `n`th generated foreign national; `passport_of` chooses whose passport they show.
fn subject(session: &Session, n: usize, passport_of: usize) -> Value {
    // Stamps stay unique and close to now: a counter holds five digits.
    let hlc = Hlc {
        millis: pantau_e2e::device::wall_ms() + (n / 1_000) as u64,
        counter: (n % 1_000) as u32,
        device: session.device_id,
    };
    json!({
        "op_id": Uuid::now_v7(),
        "entity": "subject",
        "id": Uuid::now_v7(),
        "hlc": hlc.to_string(),
        "fields": {
            "region_code": format!("51.0{}", 1 + n % 9),
            "full_name": format!("CONTOH BENCH {n}"),
            "nationality": NATIONALITIES[passport_of % NATIONALITIES.len()],
            "passport_number": format!("BX{passport_of:07}"),
            "date_of_birth": format!("19{:02}-0{}-1{}", 50 + n % 50, 1 + n % 9, n % 10),
        }
    })
}

async fn push(
    http: &reqwest::Client,
    base: &str,
    session: &Session,
    mutations: Vec<Value>,
) -> anyhow::Result<Duration> {
    let started = Instant::now();
    for batch in mutations.chunks(BATCH) {
        let answer: PushResponse = http
            .post(format!("{base}/api/sync/push"))
            .bearer_auth(&session.token)
            .json(&json!({"device_id": session.device_id, "mutations": batch}))
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
    Ok(started.elapsed())
}

/// One review of the province's pairs: its time and how many pairs it listed.
async fn review(
    http: &reqwest::Client,
    base: &str,
    session: &Session,
) -> anyhow::Result<(Duration, usize)> {
    let started = Instant::now();
    let answer: Value = http
        .get(format!("{base}/api/duplicates"))
        .bearer_auth(&session.token)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let pairs = answer["pairs"].as_array().map_or(0, Vec::len);
    Ok((started.elapsed(), pairs))
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
    let http = reqwest::Client::new();
    let field = sign_in(&http, &product.url, "petugas", PASSWORD).await?;
    let office = sign_in(&http, &product.url, "kanwil", PASSWORD).await?;

    let everyone: Vec<Value> = (0..SUBJECTS).map(|n| subject(&field, n, n)).collect();
    let pushed = push(&http, &product.url, &field, everyone).await?;
    println!(
        "BENCH push {SUBJECTS} foreign nationals: {} ({:.0}/s)",
        ms(pushed),
        SUBJECTS as f64 / pushed.as_secs_f64()
    );
    let (first, pairs) = review(&http, &product.url, &office).await?;
    println!(
        "BENCH first review, every key built: {} ({pairs} pairs)",
        ms(first)
    );

    // A tenth of the newcomers show a passport already registered.
    let later: Vec<Value> = (0..LATER)
        .map(|n| {
            let passport_of = if n % 10 == 0 { n * 7 } else { SUBJECTS + n };
            subject(&field, SUBJECTS + n, passport_of)
        })
        .collect();
    let pushed = push(&http, &product.url, &field, later).await?;
    println!("BENCH push of {LATER} more: {}", ms(pushed));
    let (after, pairs) = review(&http, &product.url, &office).await?;
    println!(
        "BENCH review after it, reading those {LATER}: {} ({pairs} pairs)",
        ms(after)
    );
    let (idle, _) = review(&http, &product.url, &office).await?;
    println!("BENCH review with nothing new: {}", ms(idle));

    let started = Instant::now();
    let said = product.run(&["duplicates", "rescan"], "")?;
    println!(
        "BENCH full rescan (pantau duplicates rescan): {} — {}",
        ms(started.elapsed()),
        said.trim()
    );
    Ok(())
}
