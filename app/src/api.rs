//! Talking to the server: the JSON API of `docs/sync-protocol.md`, with its errors
//! turned into something the UI can explain.

use gloo_net::http::Request;
use pantau_shared::sync::wire::{
    ErrorBody, LoginRequest, LoginResponse, PullResponse, PushRequest, PushResponse,
};

/// Why a request did not succeed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiFailure {
    /// The server was not reached (offline, DNS, refused).
    Network,
    /// The server answered with an error code.
    Server {
        status: u16,
        code: String,
        message: String,
        /// Seconds to wait before trying again, when the server said (`Retry-After`).
        retry_after_s: Option<u32>,
    },
}

impl ApiFailure {
    pub fn code(&self) -> &str {
        match self {
            ApiFailure::Network => "network",
            ApiFailure::Server { code, .. } => code,
        }
    }

    /// Whole minutes to wait before trying again, when the server said.
    pub fn wait_minutes(&self) -> Option<u32> {
        match self {
            ApiFailure::Server {
                retry_after_s: Some(seconds),
                ..
            } => Some(seconds.div_ceil(60)),
            _ => None,
        }
    }
}

/// The `Retry-After` of an answer, in seconds.
pub fn retry_after(response: &gloo_net::http::Response) -> Option<u32> {
    response.headers().get("retry-after")?.parse().ok()
}

async fn read_error(response: gloo_net::http::Response) -> ApiFailure {
    let status = response.status();
    let retry_after_s = retry_after(&response);
    match response.json::<ErrorBody>().await {
        Ok(body) => ApiFailure::Server {
            status,
            code: body.error.code,
            message: body.error.message,
            retry_after_s,
        },
        Err(_) => ApiFailure::Server {
            status,
            code: "internal_error".into(),
            message: String::new(),
            retry_after_s,
        },
    }
}

/// Sends a built request and reads a JSON answer, or the error the server gave.
pub async fn send_for<T: serde::de::DeserializeOwned>(
    request: Result<Request, gloo_net::Error>,
) -> Result<T, ApiFailure> {
    let response = request
        .map_err(|_| ApiFailure::Network)?
        .send()
        .await
        .map_err(|_| ApiFailure::Network)?;
    if !response.ok() {
        return Err(read_error(response).await);
    }
    response.json().await.map_err(|_| ApiFailure::Network)
}

/// The `Authorization` header's value for a session token.
pub fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

pub async fn login(request: &LoginRequest) -> Result<LoginResponse, ApiFailure> {
    send_for(Request::post("/api/auth/login").json(request)).await
}

/// Ends the session on the server; a failure (offline) leaves the token to expire.
pub async fn logout(token: &str) {
    if let Ok(request) = Request::post("/api/auth/logout")
        .header("Authorization", &bearer(token))
        .build()
    {
        let _ = request.send().await;
    }
}

pub async fn push(token: &str, body: &PushRequest) -> Result<PushResponse, ApiFailure> {
    send_for(
        Request::post("/api/sync/push")
            .header("Authorization", &bearer(token))
            .json(body),
    )
    .await
}

pub async fn pull(token: &str, cursor: i64, limit: u32) -> Result<PullResponse, ApiFailure> {
    let url = format!("/api/sync/pull?cursor={cursor}&limit={limit}");
    send_for(
        Request::get(&url)
            .header("Authorization", &bearer(token))
            .build(),
    )
    .await
}

/// The officers of the signed-in officer's team.
pub async fn roster(token: &str) -> Result<Vec<pantau_shared::team::Officer>, ApiFailure> {
    send_for(
        Request::get("/api/team/roster")
            .header("Authorization", &bearer(token))
            .build(),
    )
    .await
}

/// Renews this device's lease: its share of the data key and the lock policy.
pub async fn lease(token: &str) -> Result<pantau_shared::sync::wire::DeviceLease, ApiFailure> {
    send_for(
        Request::get("/api/device/lease")
            .header("Authorization", &bearer(token))
            .build(),
    )
    .await
}

/// Registers this device's signing key for the signed-in officer again (a restored
/// server that lost it refuses the writes it signed).
pub async fn register_signing_key(token: &str, public_hex: &str) -> Result<(), ApiFailure> {
    let request = Request::post("/api/device/signing-key")
        .header("Authorization", &bearer(token))
        .json(&serde_json::json!({ "signing_key": public_hex }));
    send_for::<serde_json::Value>(request).await.map(|_| ())
}

/// Uploads one photo; an already-uploaded one answers success too.
pub async fn upload_photo(
    token: &str,
    sha256: &str,
    region: &str,
    bytes: &[u8],
) -> Result<(), ApiFailure> {
    let request = Request::put(&format!("/api/attachments/{sha256}?region={region}"))
        .header("Authorization", &bearer(token))
        .header("Content-Type", "image/jpeg")
        .body(js_sys::Uint8Array::from(bytes));
    send_for::<serde_json::Value>(request).await.map(|_| ())
}

/// The regulation tables kept on the server, as devices keep them.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Regulation {
    /// Every version of the overstay rule.
    pub overstay_rules: pantau_shared::permit::OverstayRules,
    /// Every visa index code, retired ones included.
    #[serde(default)]
    pub visa_indexes: pantau_shared::visa::VisaIndexes,
    /// Every administrative action, retired ones included.
    #[serde(default)]
    pub administrative_actions: pantau_shared::action_codes::AdministrativeActions,
    /// Every violation code, retired ones included.
    #[serde(default)]
    pub violation_codes: pantau_shared::violation_codes::ViolationCodes,
    /// Every permit type, retired ones included.
    #[serde(default)]
    pub permit_types: pantau_shared::permit::PermitTypes,
    /// Every member agency, retired ones included.
    #[serde(default)]
    pub agencies: pantau_shared::team::Agencies,
}

impl Regulation {
    pub fn code_tables(self) -> pantau_shared::code_table::CodeTables {
        pantau_shared::code_table::CodeTables {
            visa_indexes: self.visa_indexes,
            administrative_actions: self.administrative_actions,
            violation_codes: self.violation_codes,
            permit_types: self.permit_types,
            agencies: self.agencies,
        }
    }
}

pub async fn regulation(token: &str) -> Result<Regulation, ApiFailure> {
    send_for(
        Request::get("/api/settings")
            .header("Authorization", &bearer(token))
            .build(),
    )
    .await
}

/// Every change the server recorded to one record.
pub async fn history(
    token: &str,
    id: uuid::Uuid,
) -> Result<pantau_shared::sync::review::RecordHistory, ApiFailure> {
    send_for(
        Request::get(&format!("/api/records/{id}/history"))
            .header("Authorization", &bearer(token))
            .build(),
    )
    .await
}
