//! Benchmark: sync throughput of the real server over HTTP, on SQLite and PostgreSQL.
//! Prints a table; never asserts. Run with `.ci/bench` (release build).
//!
//! - push 10,000 foreign-national mutations in batches of 1,000, beside a raw sqlx
//!   multi-row insert of the same rows into the same engine;
//! - the initial pull of those 10,000 changes by a new device;
//! - both on five fresh servers, reported as the median and the range of the runs;
//! - 500 devices pulling incrementally at once: latency p50/p99 and errors;
//! - the same 500 devices polling once a second each, spread over the second;
//! - on SQLite, 100,000 foreign nationals pushed in one go: the rate, and the size of
//!   the write-ahead log right after and once the server has been idle a few seconds.

use anyhow::{Context, bail};
use pantau_e2e::bench::{Session, sign_in};
use pantau_e2e::postgres::ScratchDatabase;
use pantau_e2e::{PASSWORD, Product};
use pantau_shared::sync::Hlc;
use pantau_shared::sync::wire::{Mutation, PullResponse, PushResponse, PushStatus};
use serde_json::json;
use std::time::{Duration, Instant};
use uuid::Uuid;

const MUTATIONS: usize = 10_000;
const BATCH: usize = 1_000;
const DEVICES: usize = 500;
const PULL_ROUNDS: usize = 4;
/// Push and pull are measured on this many fresh servers; the median is reported.
const THROUGHPUT_RUNS: usize = 5;
/// How long the devices poll on their own schedules, once a second each.
const STEADY_SECONDS: u64 = 5;
/// Rows per INSERT statement, as the server writes them on each engine.
const SQLITE_ROWS_PER_STATEMENT: usize = 250;
const POSTGRES_ROWS_PER_STATEMENT: usize = 50;

/// The same fake foreign nationals for the push and the raw insert.
fn mutations(device: Uuid) -> Vec<Mutation> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    (0..MUTATIONS)
        .map(|n| Mutation {
            op_id: Uuid::now_v7(),
            entity: "subject".into(),
            id: Uuid::now_v7(),
            hlc: Hlc {
                millis: now,
                counter: n as u32,
                device,
            },
            fields: json!({
                "region_code": "51.01.04", "full_name": format!("BENCH ORANG {n}"),
                "nationality": "AUS", "sex": "F", "passport_number": format!("B{n:07}"),
                "permit_type": "ITAS", "permit_expiry": "2027-06-30",
                "address": format!("Jl. Uji No. {n} (fiktif)"),
            })
            .as_object()
            .cloned()
            .unwrap_or_default(),
            base_seq: Some(0),
            signed: None,
            acked_epoch: None,
        })
        .collect()
}

/// A push body, serialized straight from the mutations as a device's outbox holds them.
#[derive(serde::Serialize)]
struct PushBatch<'a> {
    device_id: Uuid,
    mutations: &'a [Mutation],
}

async fn push_all(
    http: &reqwest::Client,
    base: &str,
    session: &Session,
    mutations: &[Mutation],
) -> anyhow::Result<Duration> {
    let started = Instant::now();
    for batch in mutations.chunks(BATCH) {
        let response: PushResponse = http
            .post(format!("{base}/api/sync/push"))
            .bearer_auth(&session.token)
            .json(&PushBatch {
                device_id: session.device_id,
                mutations: batch,
            })
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        if let Some(bad) = response
            .results
            .iter()
            .find(|r| r.status != PushStatus::Applied)
        {
            bail!("a benchmark mutation was not applied: {bad:?}");
        }
    }
    Ok(started.elapsed())
}

/// The same rows inserted straight into the same engine: one transaction per 1,000 rows,
/// like a push, in multi-row INSERTs of the size the server uses.
async fn raw_insert(url: &str, mutations: &[Mutation]) -> anyhow::Result<Duration> {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await?;
    sqlx::query(
        "CREATE TABLE bench_raw (id TEXT PRIMARY KEY, entity TEXT NOT NULL, region_code TEXT NOT NULL, fields TEXT NOT NULL)",
    )
    .execute(&pool)
    .await?;
    let sqlite = url.starts_with("sqlite:");
    let rows_per_statement = if sqlite {
        SQLITE_ROWS_PER_STATEMENT
    } else {
        POSTGRES_ROWS_PER_STATEMENT
    };
    let started = Instant::now();
    for batch in mutations.chunks(BATCH) {
        let mut tx = pool.begin().await?;
        for rows in batch.chunks(rows_per_statement) {
            insert_rows(&mut tx, rows, sqlite).await?;
        }
        tx.commit().await?;
    }
    let elapsed = started.elapsed();
    sqlx::query("DROP TABLE bench_raw").execute(&pool).await?;
    pool.close().await;
    Ok(elapsed)
}

async fn insert_rows(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    batch: &[Mutation],
    sqlite: bool,
) -> anyhow::Result<()> {
    {
        // Anonymous parameters on SQLite, numbered ones on PostgreSQL, as the server does.
        let placeholders: Vec<String> = (0..batch.len())
            .map(|i| {
                if sqlite {
                    "(?, ?, ?, ?)".to_string()
                } else {
                    format!(
                        "(${}, ${}, ${}, ${})",
                        4 * i + 1,
                        4 * i + 2,
                        4 * i + 3,
                        4 * i + 4
                    )
                }
            })
            .collect();
        let sql = format!(
            "INSERT INTO bench_raw (id, entity, region_code, fields) VALUES {}",
            placeholders.join(", ")
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for mutation in batch {
            query = query
                .bind(mutation.id.to_string())
                .bind(mutation.entity.clone())
                .bind("51.01.04")
                .bind(serde_json::to_string(&mutation.fields)?);
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

async fn pull(
    http: &reqwest::Client,
    base: &str,
    session: &Session,
    cursor: i64,
    limit: u32,
) -> anyhow::Result<PullResponse> {
    Ok(http
        .get(format!(
            "{base}/api/sync/pull?cursor={cursor}&limit={limit}"
        ))
        .bearer_auth(&session.token)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?)
}

/// A new device pulls everything, in pages of the largest size.
async fn initial_pull(
    http: &reqwest::Client,
    base: &str,
    session: &Session,
) -> anyhow::Result<(Duration, usize, i64)> {
    let started = Instant::now();
    let (mut cursor, mut received) = (0, 0);
    loop {
        let page = pull(http, base, session, cursor, 5_000).await?;
        received += page.changes.len();
        cursor = page.cursor;
        if !page.more {
            return Ok((started.elapsed(), received, cursor));
        }
    }
}

/// The latencies of many requests, summarised.
struct Latencies {
    p50: Duration,
    p99: Duration,
    requests: usize,
    errors: usize,
}

impl Latencies {
    fn of(mut latencies: Vec<Duration>, errors: usize) -> Self {
        latencies.sort();
        Latencies {
            p50: percentile(&latencies, 0.50),
            p99: percentile(&latencies, 0.99),
            requests: latencies.len(),
            errors,
        }
    }
}

impl std::fmt::Display for Latencies {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "p50 {:.1} ms, p99 {:.1} ms, {} errors of {}",
            self.p50.as_secs_f64() * 1000.0,
            self.p99.as_secs_f64() * 1000.0,
            self.errors,
            self.requests
        )
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

struct Figures {
    push: Duration,
    raw: Duration,
    pull: Duration,
    pulled: usize,
    many_devices: Option<ManyDevices>,
}

struct ManyDevices {
    sign_ins: Duration,
    burst: Latencies,
    idle: Latencies,
    steady: Latencies,
}

async fn measure(product: &mut Product, with_devices: bool) -> anyhow::Result<Figures> {
    product.team("jembrana", "51.01", &[("bench", "field", "IMIGRASI")])?;
    product.serve()?;
    let base = product.url.clone();
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()?;
    let writer = sign_in(&http, &base, "bench", PASSWORD).await?;
    let rows = mutations(writer.device_id);
    let push = push_all(&http, &base, &writer, &rows).await?;
    let raw = raw_insert(&product.database_url(), &rows).await?;
    let reader = sign_in(&http, &base, "bench", PASSWORD).await?;
    let (pull_time, pulled, head) = initial_pull(&http, &base, &reader).await?;
    let throughput = Figures {
        push,
        raw,
        pull: pull_time,
        pulled,
        many_devices: None,
    };
    if !with_devices {
        return Ok(throughput);
    }

    // 500 devices, each a few changes behind, pull at once; a writer keeps pushing.
    let started = Instant::now();
    let mut devices = Vec::with_capacity(DEVICES);
    for _ in 0..DEVICES {
        devices.push(sign_in(&http, &base, "bench", PASSWORD).await?);
    }
    let sign_ins = started.elapsed();
    let mut latencies = Vec::new();
    let mut errors = 0;
    let more = mutations(writer.device_id);
    for round in 0..PULL_ROUNDS {
        let batch = &more[round * 10..(round + 1) * 10];
        push_all(&http, &base, &writer, batch).await?;
        let cursor = head + (round as i64) * 10;
        let pulls = devices.iter().map(|device| {
            let (http, base, device) = (http.clone(), base.clone(), device.clone());
            async move {
                let started = Instant::now();
                let result = pull(&http, &base, &device, cursor, 500).await;
                (
                    started.elapsed(),
                    result.is_ok_and(|page| page.changes.len() == 10),
                )
            }
        });
        for (latency, ok) in futures_join_all(pulls).await {
            latencies.push(latency);
            if !ok {
                errors += 1;
            }
        }
    }
    // Then a poll that finds nothing new, as most polls do.
    let head = head + (PULL_ROUNDS as i64) * 10;
    let idle = futures_join_all(devices.iter().map(|device| {
        let (http, base, device) = (http.clone(), base.clone(), device.clone());
        async move {
            let started = Instant::now();
            let result = pull(&http, &base, &device, head, 500).await;
            (
                started.elapsed(),
                result.is_ok_and(|page| page.changes.is_empty()),
            )
        }
    }))
    .await;
    let idle_errors = idle.iter().filter(|(_, ok)| !ok).count();
    let idle = idle.into_iter().map(|(latency, _)| latency).collect();
    let later = &more[PULL_ROUNDS * 10..];
    let (steady, steady_errors) =
        steady_polling(&http, &base, &writer, &devices, later, head).await?;
    Ok(Figures {
        many_devices: Some(ManyDevices {
            sign_ins,
            burst: Latencies::of(latencies, errors),
            idle: Latencies::of(idle, idle_errors),
            steady: Latencies::of(steady, steady_errors),
        }),
        ..throughput
    })
}

/// `PANTAU_BENCH_DEVICES=0` skips the many-device measures (and their 500 sign-ins),
/// for a quick look at push and pull throughput alone.
fn many_devices_measured() -> bool {
    std::env::var("PANTAU_BENCH_DEVICES").map_or(true, |value| value != "0")
}

/// Every device polls once a second, each at its own moment within the second, for
/// [`STEADY_SECONDS`], while the writer pushes 10 new changes a second: how a team's
/// devices load the server when they are all online. Returns each poll's latency and
/// the number of failed polls.
async fn steady_polling(
    http: &reqwest::Client,
    base: &str,
    writer: &Session,
    devices: &[Session],
    mutations: &[Mutation],
    head: i64,
) -> anyhow::Result<(Vec<Duration>, usize)> {
    let period = Duration::from_secs(1);
    let count = devices.len() as f64;
    let polls: Vec<_> = devices
        .iter()
        .enumerate()
        .map(|(n, device)| {
            let (http, base, device) = (http.clone(), base.to_string(), device.clone());
            let phase = period.mul_f64(n as f64 / count);
            async move {
                let mut ticks =
                    tokio::time::interval_at(tokio::time::Instant::now() + phase, period);
                let (mut cursor, mut latencies, mut errors) = (head, Vec::new(), 0);
                for _ in 0..STEADY_SECONDS {
                    ticks.tick().await;
                    let started = Instant::now();
                    match pull(&http, &base, &device, cursor, 500).await {
                        Ok(page) => cursor = page.cursor,
                        Err(_) => errors += 1,
                    }
                    latencies.push(started.elapsed());
                }
                (latencies, errors)
            }
        })
        .collect();
    let polling = tokio::spawn(futures_join_all(polls.into_iter()));
    for batch in mutations.chunks(10).take(STEADY_SECONDS as usize) {
        push_all(http, base, writer, batch).await?;
        tokio::time::sleep(period).await;
    }
    let mut latencies = Vec::new();
    let mut errors = 0;
    for (device_latencies, device_errors) in polling.await? {
        latencies.extend(device_latencies);
        errors += device_errors;
    }
    Ok((latencies, errors))
}

/// Runs the futures at once on the runtime and collects their outputs in order.
async fn futures_join_all<F, T>(futures: impl Iterator<Item = F>) -> Vec<T>
where
    F: std::future::Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut outputs = Vec::with_capacity(handles.len());
    for handle in handles {
        if let Ok(output) = handle.await {
            outputs.push(output);
        }
    }
    outputs
}

/// A rate rounded to the hundred, with thousands separated: `23,400`.
fn thousands(rate: f64) -> String {
    let rounded = (rate / 100.0).round() as u64 * 100;
    let text = rounded.to_string();
    let mut grouped = String::new();
    for (i, c) in text.chars().enumerate() {
        if i > 0 && (text.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    grouped
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    println!("| engine | measure | value |");
    println!("| --- | --- | --- |");
    // `PANTAU_BENCH_ENGINE=sqlite` (or `postgresql`) measures one engine alone.
    let only = std::env::var("PANTAU_BENCH_ENGINE").ok();
    for engine in ["SQLite", "PostgreSQL"] {
        if only
            .as_deref()
            .is_some_and(|only| !only.eq_ignore_ascii_case(engine))
        {
            continue;
        }
        let mut runs = Vec::with_capacity(THROUGHPUT_RUNS);
        for run in 1..=THROUGHPUT_RUNS {
            let with_devices = run == THROUGHPUT_RUNS && many_devices_measured();
            runs.push(measure_fresh(engine, with_devices).await.context(engine)?);
        }
        report(engine, runs);
        if engine == "SQLite" {
            write_ahead_log_after_a_large_push().await?;
        }
    }
    Ok(())
}

/// Pushes 100,000 foreign nationals into a fresh SQLite system and watches the
/// write-ahead log: its size right after, and after the server has been idle.
async fn write_ahead_log_after_a_large_push() -> anyhow::Result<()> {
    let mut product = Product::new()?;
    product.team("jembrana", "51.01", &[("bench", "field", "IMIGRASI")])?;
    product.serve()?;
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()?;
    let writer = sign_in(&http, &product.url, "bench", PASSWORD).await?;
    let mut pushing = Duration::ZERO;
    for _ in 0..10 {
        pushing += push_all(&http, &product.url, &writer, &mutations(writer.device_id)).await?;
    }
    let wal = product.data_dir().join("pantau.db-wal");
    let size = || std::fs::metadata(&wal).map_or(0, |m| m.len());
    let right_after = size();
    let idle_since = Instant::now();
    while size() > 0 && idle_since.elapsed() < Duration::from_secs(15) {
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let mib = |bytes: u64| bytes as f64 / (1024.0 * 1024.0);
    println!(
        "| SQLite | push 100,000 mutations over HTTP, batches of {BATCH} (synchronous = FULL) | {} mutations/s |",
        thousands(100_000.0 / pushing.as_secs_f64().max(1e-9))
    );
    println!(
        "| SQLite | write-ahead log right after the 100,000 | {:.1} MiB (database {:.1} MiB) |",
        mib(right_after),
        mib(std::fs::metadata(product.data_dir().join("pantau.db")).map_or(0, |m| m.len()))
    );
    println!(
        "| SQLite | write-ahead log after {:.1} s idle | {:.1} MiB |",
        idle_since.elapsed().as_secs_f64(),
        mib(size())
    );
    Ok(())
}

/// Measures on a fresh server with an empty database of `engine`.
async fn measure_fresh(engine: &str, with_devices: bool) -> anyhow::Result<Figures> {
    let database = match engine {
        "PostgreSQL" => Some(ScratchDatabase::create("pantau_bench").await?),
        _ => None,
    };
    let mut product = match &database {
        Some(database) => Product::on_database(&database.url())?,
        None => Product::new()?,
    };
    let figures = measure(&mut product, with_devices).await;
    drop(product);
    if let Some(database) = database {
        database.drop_it().await;
    }
    figures
}

/// The median of the runs' rates, and their range.
struct Rates {
    median: f64,
    low: f64,
    high: f64,
}

impl Rates {
    fn of(count: usize, times: impl Iterator<Item = Duration>) -> Rates {
        let mut rates: Vec<f64> = times
            .map(|time| count as f64 / time.as_secs_f64().max(1e-9))
            .collect();
        rates.sort_by(f64::total_cmp);
        Rates {
            median: rates[rates.len() / 2],
            low: rates[0],
            high: rates[rates.len() - 1],
        }
    }
}

impl std::fmt::Display for Rates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} (runs: {}–{})",
            thousands(self.median),
            thousands(self.low),
            thousands(self.high)
        )
    }
}

fn report(engine: &str, runs: Vec<Figures>) {
    let push = Rates::of(MUTATIONS, runs.iter().map(|f| f.push));
    let raw = Rates::of(MUTATIONS, runs.iter().map(|f| f.raw));
    let pulled = runs.iter().map(|f| f.pulled).min().unwrap_or(0);
    let pull = Rates::of(pulled, runs.iter().map(|f| f.pull));
    println!(
        "| {engine} | push {MUTATIONS} mutations over HTTP, batches of {BATCH}, median of {THROUGHPUT_RUNS} runs | {push} mutations/s |"
    );
    println!(
        "| {engine} | raw sqlx multi-row insert of the same rows | {raw} rows/s; push is {:.0}% of it |",
        100.0 * push.median / raw.median
    );
    println!(
        "| {engine} | initial pull of {pulled} changes by a new device (pages of 5,000) | {pull} changes/s |"
    );
    let Some(m) = runs.into_iter().find_map(|f| f.many_devices) else {
        return;
    };
    println!(
        "| {engine} | {DEVICES} devices pulling 10 new changes at once, {PULL_ROUNDS} rounds | {} |",
        m.burst
    );
    println!(
        "| {engine} | {DEVICES} devices polling at once, nothing new | {} |",
        m.idle
    );
    println!(
        "| {engine} | {DEVICES} devices polling once a second each, spread over the second, 10 new changes a second, {STEADY_SECONDS} s | {} |",
        m.steady
    );
    println!(
        "| {engine} | {DEVICES} sign-ins (argon2id each) | {:.1} s |",
        m.sign_ins.as_secs_f64()
    );
}
