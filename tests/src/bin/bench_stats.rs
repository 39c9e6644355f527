//! Benchmark: the central office's counts over a province's history, on the real server
//! over HTTP, on SQLite and on PostgreSQL. Prints figures; never asserts. Run with
//! `.ci/bench`.
//!
//! - `pantau demo generate` fills a fresh system (200,000 foreign nationals and 500,000
//!   inspections by default; `PANTAU_BENCH_SUBJECTS`, `PANTAU_BENCH_INSPECTIONS` change
//!   that), through the push path;
//! - the server starts and builds its counted units (timed until the first answer);
//! - the Kanwil then asks every measure by every dimension over the province and over one
//!   regency, two dimensions together, and a filtered question, over the last 12 months;
//!   each once to warm up and then 10 times (`PANTAU_BENCH_RUNS`), timed at the client;
//! - then pages of the office's review queue over the province, timed the same way.
//!
//! `PANTAU_BENCH_ENGINE=sqlite` (or `postgresql`) measures one engine alone.

use anyhow::Context;
use pantau_e2e::Product;
use pantau_shared::stats::Measure;
use std::time::{Duration, Instant};

/// Timed runs of each question (`PANTAU_BENCH_RUNS` changes it).
fn runs() -> usize {
    size("PANTAU_BENCH_RUNS", 10) as usize
}

fn size(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Every question the benchmark asks, as the stats API's query.
fn questions(from: &str, to: &str) -> Vec<String> {
    let mut questions = Vec::new();
    for measure in Measure::ALL {
        let period = if measure.is_dated() {
            format!("&from={from}&to={to}")
        } else {
            String::new()
        };
        for dimension in measure.dimensions() {
            for region in ["51", "51.03"] {
                questions.push(format!(
                    "measure={}&by={}&region={region}{period}",
                    measure.code(),
                    dimension.code()
                ));
            }
        }
    }
    questions.push(format!(
        "measure=inspections&by=region&by=month&from={from}&to={to}"
    ));
    questions.push(format!(
        "measure=violations&by=region&by=violation&nationality=AUS&from={from}&to={to}"
    ));
    questions.push(format!(
        "measure=actions&by=stage&by=month&action=deportation&from={from}&to={to}"
    ));
    questions
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn ms(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}

/// Asks `url` once to warm up, then [`runs`] times: the times, shortest first.
async fn timed(http: &reqwest::Client, url: &str, token: &str) -> anyhow::Result<Vec<Duration>> {
    let mut times = Vec::with_capacity(runs());
    for run in 0..=runs() {
        let asked = Instant::now();
        let response = http.get(url).bearer_auth(token).send().await?;
        let status = response.status();
        let body = response.text().await?;
        anyhow::ensure!(status.is_success(), "{url}: {status} {body}");
        if run > 0 {
            times.push(asked.elapsed());
        }
    }
    times.sort();
    Ok(times)
}

async fn measure(engine: &str, product: &mut Product) -> anyhow::Result<()> {
    let (subjects, inspections) = (
        size("PANTAU_BENCH_SUBJECTS", 200_000),
        size("PANTAU_BENCH_INSPECTIONS", 500_000),
    );
    let started = Instant::now();
    let said = product.run(
        &[
            "demo",
            "generate",
            "--subjects",
            &subjects.to_string(),
            "--inspections",
            &inspections.to_string(),
        ],
        "",
    )?;
    let generated = started.elapsed();
    let records = said
        .lines()
        .rev()
        .find_map(|line| line.strip_prefix("done: "))
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or("?")
        .to_string();
    println!(
        "| {engine} | `pantau demo generate --subjects {subjects} --inspections {inspections}` | {records} records in {:.0} s |",
        generated.as_secs_f64()
    );
    product.serve()?;
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(120))
        .build()?;
    let login =
        pantau_e2e::bench::sign_in(&http, &product.url, "kanwil", pantau_e2e::DEMO_PASSWORD)
            .await?;
    let today = time::OffsetDateTime::now_utc()
        .to_offset(time::macros::offset!(+8))
        .date();
    let from = today - time::Duration::days(365);
    // The server builds its counted units from every record as it starts; the first
    // question waits for that.
    let first = Instant::now();
    http.get(format!("{}/api/stats?measure=subjects", product.url))
        .timeout(Duration::from_secs(3600))
        .bearer_auth(&login.token)
        .send()
        .await?
        .error_for_status()?;
    println!(
        "| {engine} | first question after the start (the counted units built) | {} |",
        ms(first.elapsed())
    );
    let mut all = Vec::new();
    let mut slowest: Vec<(Duration, String)> = Vec::new();
    for question in questions(&from.to_string(), &today.to_string()) {
        let url = format!("{}/api/stats?{question}", product.url);
        let times = timed(&http, &url, &login.token).await?;
        slowest.push((percentile(&times, 0.95), question));
        all.extend(times);
    }
    all.sort();
    slowest.sort_by_key(|(p95, _)| std::cmp::Reverse(*p95));
    println!(
        "| {engine} | stats, {} questions × {}: median / p95 / max | {} / {} / {} |",
        slowest.len(),
        runs(),
        ms(percentile(&all, 0.5)),
        ms(percentile(&all, 0.95)),
        ms(*all.last().context("no timings")?)
    );
    for (p95, question) in slowest.iter().take(3) {
        println!("| {engine} | slowest p95: `{question}` | {} |", ms(*p95));
    }
    // The office's review queue over the province: the first page of each state, and a
    // later one.
    for page in [
        "state=awaiting&limit=50",
        "state=decided&limit=50",
        "state=carried_out&limit=50&offset=1000",
    ] {
        let url = format!("{}/api/case-review?{page}", product.url);
        let times = timed(&http, &url, &login.token).await?;
        println!(
            "| {engine} | review queue `{page}`: median / p95 | {} / {} |",
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.95))
        );
    }
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    pantau_e2e::bench::on_each_engine("pantau_bench_stats", measure).await
}
