//! Benchmark: how soon the first screen appears when the app opens from its cached shell
//! with no network, in headless Chromium against the real server. Prints figures.
//! Run with `.ci/bench`.

use pantau_e2e::{Browser, PASSWORD, Product};

const RUNS: usize = 10;

/// Milliseconds from navigation start to the app's first-screen mark.
const FIRST_SCREEN: &str = "const m = performance.getEntriesByName('pantau-first-screen')[0]; return m ? m.startTime : null;";

async fn first_screen_ms(browser: &Browser) -> anyhow::Result<f64> {
    browser.find("#welcome").await?;
    for _ in 0..100 {
        if let Some(ms) = browser.client.execute(FIRST_SCREEN, vec![]).await?.as_f64() {
            return Ok(ms);
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    anyhow::bail!("the app never marked its first screen")
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut product = Product::new()?;
    product.team("jembrana", "51.01", &[("bench", "field", "IMIGRASI")])?;
    product.serve()?;
    let browser = Browser::start().await?;
    browser.client.goto(&format!("{}/", product.url)).await?;
    browser.find("#username").await?.send_keys("bench").await?;
    browser.find("#password").await?.send_keys(PASSWORD).await?;
    browser.click("#login-submit").await?;
    let online_first = first_screen_ms(&browser).await?;
    browser
        .wait_until(
            "navigator.serviceWorker && navigator.serviceWorker.controller",
            20,
        )
        .await?;
    browser.set_offline(true).await?;
    let mut runs = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        browser.client.refresh().await?;
        runs.push(first_screen_ms(&browser).await?);
    }
    runs.sort_by(f64::total_cmp);
    println!("| measure | value |");
    println!("| --- | --- |");
    println!("| first screen, first visit online (sign-in page) | {online_first:.0} ms |");
    println!(
        "| first screen from the cached shell, offline, p50 of {RUNS} | {:.0} ms |",
        runs[RUNS / 2]
    );
    println!(
        "| first screen from the cached shell, offline, worst | {:.0} ms (target < 1000 ms) |",
        runs[RUNS - 1]
    );
    browser.client.clone().close().await?;
    Ok(())
}
