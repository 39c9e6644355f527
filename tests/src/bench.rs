//! What the benchmark programs share: signing in over HTTP as a fresh device.

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
