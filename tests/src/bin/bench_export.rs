//! Benchmark: an XLSX export of more than 100,000 foreign nationals, on the real server
//! over HTTP, on SQLite and on PostgreSQL. Prints figures; never asserts. Run with
//! `.ci/bench`.
//!
//! - `pantau demo generate --subjects 100000` fills a fresh system beside the demo's
//!   own (`PANTAU_BENCH_SUBJECTS` changes that);
//! - the Kanwil downloads `subjects.xlsx` for the province, three times, timed at the
//!   client until the last byte; the server's memory high-water mark is reset before
//!   each and read after, beside its resident memory before: the sheet is written in
//!   constant memory and streamed, so the peak does not grow with the rows;
//! - the file is read back (calamine) to count its rows.
//!
//! `PANTAU_BENCH_ENGINE=sqlite` (or `postgresql`) measures one engine alone.

use anyhow::Context;
use calamine::Reader;
use pantau_e2e::Product;
use pantau_e2e::bench::{memory, reset_peak, sign_in};
use std::time::{Duration, Instant};

const RUNS: usize = 3;

async fn measure(engine: &str, product: &mut Product) -> anyhow::Result<()> {
    let subjects: u32 = std::env::var("PANTAU_BENCH_SUBJECTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    product.run(
        &[
            "demo",
            "generate",
            "--subjects",
            &subjects.to_string(),
            "--inspections",
            "0",
        ],
        "",
    )?;
    product.serve()?;
    let pid = product.server_pid().context("the server runs")?;
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(3600))
        .build()?;
    let login = sign_in(&http, &product.url, "kanwil", pantau_e2e::DEMO_PASSWORD).await?;
    // The export reads the counted units, built as the server starts: wait for them.
    http.get(format!("{}/api/stats?measure=subjects", product.url))
        .bearer_auth(&login.token)
        .send()
        .await?
        .error_for_status()?;
    let url = format!("{}/api/export/subjects.xlsx?region=51", product.url);
    let mut file = Vec::new();
    for run in 1..=RUNS {
        let (before, _) = memory(pid);
        reset_peak(pid);
        let asked = Instant::now();
        let mut response = http
            .get(&url)
            .bearer_auth(&login.token)
            .send()
            .await?
            .error_for_status()?;
        file.clear();
        while let Some(chunk) = response.chunk().await? {
            file.extend_from_slice(&chunk);
        }
        let took = asked.elapsed();
        let (_, peak) = memory(pid);
        println!(
            "| {engine} | `subjects.xlsx`, run {run}: time / size / server memory before → peak | {:.2} s / {:.1} MB / {before:.0} → {peak:.0} MB |",
            took.as_secs_f64(),
            file.len() as f64 / 1_048_576.0
        );
    }
    let mut workbook = calamine::Xlsx::new(std::io::Cursor::new(file))?;
    let sheet = workbook
        .worksheet_range("subjects")
        .context("the subjects sheet")?;
    println!(
        "| {engine} | rows in the file read back (header excluded) | {} |",
        sheet.height().saturating_sub(1)
    );
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    pantau_e2e::bench::on_each_engine("pantau_bench_export", measure).await
}
