//! What the benchmark programs share: running on each engine, signing in over HTTP as a
//! fresh device, and reading the server's memory.

use pantau_shared::sync::wire::{LoginRequest, LoginResponse};
use uuid::Uuid;

/// A signed-in device: its bearer token and the device id the server bound to it.
#[derive(Clone)]
pub struct Session {
    pub token: String,
    pub device_id: Uuid,
}

/// Signs `username` in as a new device named "bench".
pub async fn sign_in(
    http: &reqwest::Client,
    base: &str,
    username: &str,
    password: &str,
) -> anyhow::Result<Session> {
    let login: LoginResponse = http
        .post(format!("{base}/api/auth/login"))
        .json(&LoginRequest {
            username: username.into(),
            password: password.into(),
            device_id: Uuid::now_v7(),
            device_name: "bench".into(),
            signing_key: None,
        })
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    Ok(Session {
        token: login.token,
        device_id: login.device_id,
    })
}

/// Starts the memory high-water mark of process `pid` again from its resident memory now.
pub fn reset_peak(pid: u32) {
    let _ = std::fs::write(format!("/proc/{pid}/clear_refs"), "5");
}

/// The resident memory of process `pid` and its high-water mark, in MB.
pub fn memory(pid: u32) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let read = |key: &str| {
        status
            .lines()
            .find(|line| line.starts_with(key))
            .and_then(|line| line.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (read("VmRSS:"), read("VmHWM:"))
}

/// Prints a figures table's header, then runs `measure` on a fresh system on SQLite and
/// on a scratch PostgreSQL database named `database` (dropped after), or on the one
/// engine `PANTAU_BENCH_ENGINE` names.
pub async fn on_each_engine(
    database: &str,
    mut measure: impl AsyncFnMut(&str, &mut crate::Product) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    use anyhow::Context;
    println!("| engine | measure | value |");
    println!("| --- | --- | --- |");
    let only = std::env::var("PANTAU_BENCH_ENGINE").ok();
    for engine in ["SQLite", "PostgreSQL"] {
        if only
            .as_deref()
            .is_some_and(|only| !only.eq_ignore_ascii_case(engine))
        {
            continue;
        }
        let scratch = match engine {
            "PostgreSQL" => Some(crate::postgres::ScratchDatabase::create(database).await?),
            _ => None,
        };
        let mut product = match &scratch {
            Some(scratch) => crate::Product::on_database(&scratch.url())?,
            None => crate::Product::new()?,
        };
        let outcome = measure(engine, &mut product).await;
        drop(product);
        if let Some(scratch) = scratch {
            scratch.drop_it().await;
        }
        outcome.context(engine)?;
    }
    Ok(())
}
