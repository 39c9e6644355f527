//! What the benchmark programs share: signing in over HTTP as a fresh device, and reading
//! the server's memory.

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
