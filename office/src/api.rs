//! The administration API (`docs/operations.md`), through the field app's client.

use app::api::{ApiFailure, bearer, send_for};
use gloo_net::http::Request;
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct AccountRow {
    pub id: String,
    pub username: String,
    pub name: String,
    pub role: pantau_shared::team::Role,
    pub team_id: Option<String>,
    /// A code of the agencies table.
    pub agency: String,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct DeviceRow {
    pub id: String,
    pub username: String,
    pub name: String,
    pub last_seen_ms: i64,
    pub revoked: bool,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct TeamRow {
    pub id: String,
    pub name: String,
    pub region_code: String,
}

#[derive(Deserialize)]
struct Teams {
    teams: Vec<TeamRow>,
}

#[derive(Deserialize)]
struct Accounts {
    accounts: Vec<AccountRow>,
}

#[derive(Deserialize)]
struct Devices {
    devices: Vec<DeviceRow>,
}

pub async fn accounts(token: &str) -> Result<Vec<AccountRow>, ApiFailure> {
    let answer: Accounts = send_for(
        Request::get("/api/admin/accounts")
            .header("Authorization", &bearer(token))
            .build(),
    )
    .await?;
    Ok(answer.accounts)
}

pub async fn devices(token: &str) -> Result<Vec<DeviceRow>, ApiFailure> {
    let answer: Devices = send_for(
        Request::get("/api/admin/devices")
            .header("Authorization", &bearer(token))
            .build(),
    )
    .await?;
    Ok(answer.devices)
}

#[derive(Deserialize)]
struct Health {
    log_public_key: String,
}

/// The key the server signs receipts and log checkpoints with, hex.
pub async fn log_public_key() -> Result<String, ApiFailure> {
    let health: Health = send_for(Request::get("/api/health").build()).await?;
    Ok(health.log_public_key)
}

pub async fn teams(token: &str) -> Result<Vec<TeamRow>, ApiFailure> {
    let answer: Teams = send_for(
        Request::get("/api/admin/teams")
            .header("Authorization", &bearer(token))
            .build(),
    )
    .await?;
    Ok(answer.teams)
}

/// The teams within the caller's region, for choosing a report.
pub async fn report_teams(token: &str) -> Result<Vec<pantau_shared::team::Team>, ApiFailure> {
    send_for(
        Request::get("/api/teams")
            .header("Authorization", &bearer(token))
            .build(),
    )
    .await
}

/// `GET path`, its answer kept for reading without the server (see [`crate::kept`]).
async fn get_kept<T>(token: &str, path: &str) -> Result<T, ApiFailure>
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    crate::kept::fetch(
        path,
        send_for(
            Request::get(path)
                .header("Authorization", &bearer(token))
                .build(),
        ),
    )
    .await
}

/// The teams within the caller's region, each with its last contact.
pub async fn teams_overview(
    token: &str,
) -> Result<Vec<pantau_shared::team::TeamOverview>, ApiFailure> {
    get_kept(token, "/api/teams").await
}

/// A team's monthly report; `month` is `YYYY-MM`.
pub async fn monthly_report(
    token: &str,
    team: &str,
    month: &str,
) -> Result<pantau_shared::report::MonthlyReport, ApiFailure> {
    let query = format!(
        "team={}&month={}",
        js_sys::encode_uri_component(team),
        js_sys::encode_uri_component(month)
    );
    let path = format!("/api/reports/monthly?{query}");
    get_kept(token, &path).await
}

/// A form the server refused: why, and the field it named.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    pub failure: ApiFailure,
    pub field: Option<String>,
}

/// One value an administrator sets, with its default and bounds.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SettingValue {
    pub key: String,
    pub value: i64,
    pub default: i64,
    pub min: i64,
    pub max: i64,
}

/// `GET /api/admin/settings`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct AdminSettings {
    pub values: Vec<SettingValue>,
    pub require_signatures: bool,
}

pub async fn admin_settings(token: &str) -> Result<AdminSettings, ApiFailure> {
    send_for(
        Request::get("/api/admin/settings")
            .header("Authorization", &bearer(token))
            .build(),
    )
    .await
}

/// Every version of the overstay rule, as devices receive them (`GET /api/settings`).
pub async fn overstay_rules(
    token: &str,
) -> Result<pantau_shared::permit::OverstayRules, ApiFailure> {
    app::api::regulation(token)
        .await
        .map(|regulation| regulation.overstay_rules)
}

/// Every regulation code table, retired codes included (`GET /api/settings`).
pub async fn code_tables(token: &str) -> Result<pantau_shared::code_table::CodeTables, ApiFailure> {
    app::api::regulation(token)
        .await
        .map(|regulation| regulation.code_tables())
}

/// Adds a code to the table at `path` under `/api/admin/` (`retire`: false), or
/// retires one (`retire`: true).
pub async fn change_code(
    token: &str,
    path: &str,
    code: &str,
    retire: bool,
    body: &serde_json::Value,
) -> Result<(), Refusal> {
    let url = format!("/api/admin/{path}/{}", js_sys::encode_uri_component(code));
    let request = if retire {
        Request::post(&format!("{url}/retire"))
    } else {
        Request::put(&url)
    };
    send_form(request, token, body).await
}

/// Plans the overstay rule's version in force from `from` (`body`: the fee per day and
/// the deportation threshold).
pub async fn plan_overstay_rule(
    token: &str,
    from: &str,
    body: &serde_json::Value,
) -> Result<(), Refusal> {
    let url = format!(
        "/api/admin/overstay-rules/{}",
        js_sys::encode_uri_component(from)
    );
    send_form(Request::put(&url), token, body).await
}

/// Withdraws the version of the overstay rule planned from `from`.
pub async fn withdraw_overstay_rule(token: &str, from: &str) -> Result<(), Refusal> {
    let url = format!("/api/admin/overstay-rules/{from}");
    send_form(Request::delete(&url), token, &serde_json::Value::Null).await
}

/// A form sent by POST as JSON to `path` under `/api/admin/`.
pub async fn submit(token: &str, path: &str, body: &serde_json::Value) -> Result<(), Refusal> {
    send_form(Request::post(&format!("/api/admin/{path}")), token, body).await
}

/// The office's decision on a finding: recorded (`creates`, by POST) or changed (PATCH).
pub async fn save_decision(
    token: &str,
    finding_id: &str,
    creates: bool,
    body: &serde_json::Value,
) -> Result<(), Refusal> {
    let url = format!("/api/case-review/{finding_id}/decision");
    let request = if creates {
        Request::post(&url)
    } else {
        Request::patch(&url)
    };
    send_form(request, token, body).await
}

/// A page of the review queue: findings in `state` (`awaiting`, `decided`, …).
pub async fn review_queue(
    token: &str,
    state: &str,
) -> Result<pantau_shared::decision::ReviewQueue, ApiFailure> {
    send_for(
        Request::get(&format!("/api/case-review?state={state}&limit=200"))
            .header("Authorization", &bearer(token))
            .build(),
    )
    .await
}

/// Sends a form's `body` as JSON and reads a refusal's code and field.
async fn send_form(
    request: gloo_net::http::RequestBuilder,
    token: &str,
    body: &serde_json::Value,
) -> Result<(), Refusal> {
    let network = || Refusal {
        failure: ApiFailure::Network,
        field: None,
    };
    let response = request
        .header("Authorization", &bearer(token))
        .json(body)
        .map_err(|_| network())?
        .send()
        .await
        .map_err(|_| network())?;
    if response.ok() {
        return Ok(());
    }
    Err(refusal_of(response).await)
}

/// A refused answer's code and field.
async fn refusal_of(response: gloo_net::http::Response) -> Refusal {
    let status = response.status();
    let error = response
        .json::<pantau_shared::sync::wire::ErrorBody>()
        .await
        .map(|body| body.error)
        .unwrap_or_else(|_| {
            pantau_shared::sync::wire::ErrorDetail::new("internal_error", "", None)
        });
    Refusal {
        failure: ApiFailure::Server {
            status,
            code: error.code,
            message: error.message,
            retry_after_s: None,
        },
        field: error.field,
    }
}

/// Checks a voter-list extract (the file as chosen, sent as it is) against the foreign
/// nationals in the caller's scope.
pub async fn check_voter_list(
    token: &str,
    file: &web_sys::File,
) -> Result<pantau_shared::voter_list::CheckSummary, Refusal> {
    let network = || Refusal {
        failure: ApiFailure::Network,
        field: None,
    };
    let response = Request::post("/api/voter-list/checks")
        .header("Authorization", &bearer(token))
        .header("Content-Type", "text/csv")
        .body(wasm_bindgen::JsValue::from(file.clone()))
        .map_err(|_| network())?
        .send()
        .await
        .map_err(|_| network())?;
    if !response.ok() {
        return Err(refusal_of(response).await);
    }
    response.json().await.map_err(|_| network())
}

/// The voter-list matches in scope, those with `status` if given.
pub async fn voter_matches(
    token: &str,
    status: Option<&str>,
) -> Result<pantau_shared::voter_list::MatchPage, ApiFailure> {
    let query = status.map_or(String::new(), |status| format!("&status={status}"));
    send_for(
        Request::get(&format!("/api/voter-list/matches?limit=500{query}"))
            .header("Authorization", &bearer(token))
            .build(),
    )
    .await
}

/// The foreign nationals in scope holding a KTP-el number, those who may not first.
pub async fn nik_holders(token: &str) -> Result<pantau_shared::voter_list::NikHolders, ApiFailure> {
    send_for(
        Request::get("/api/voter-list/nik-holders")
            .header("Authorization", &bearer(token))
            .build(),
    )
    .await
}

/// The political-activity findings of `GET /api/political-activity?{query}`.
pub async fn political_activity(
    token: &str,
    query: &str,
) -> Result<pantau_shared::election::PoliticalActivityList, ApiFailure> {
    send_for(
        Request::get(&format!("/api/political-activity?{query}"))
            .header("Authorization", &bearer(token))
            .build(),
    )
    .await
}

/// An election period as the office lists it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PeriodListing {
    pub id: String,
    pub fields: serde_json::Map<String, serde_json::Value>,
    /// The caller may change it (a coordinator only reads the province's).
    #[serde(default)]
    pub editable: bool,
}

#[derive(Deserialize)]
struct PeriodList {
    periods: Vec<PeriodListing>,
}

/// The election periods in the caller's region, the latest voting day first.
pub async fn election_periods(token: &str) -> Result<Vec<PeriodListing>, ApiFailure> {
    let answer: PeriodList = send_for(
        Request::get("/api/election-periods")
            .header("Authorization", &bearer(token))
            .build(),
    )
    .await?;
    Ok(answer.periods)
}

/// Sets a new election period (`id` none) or changes one.
pub async fn save_election_period(
    token: &str,
    id: Option<&str>,
    body: &serde_json::Value,
) -> Result<(), Refusal> {
    let request = match id {
        None => Request::post("/api/election-periods"),
        Some(id) => Request::patch(&format!(
            "/api/election-periods/{}",
            js_sys::encode_uri_component(id)
        )),
    };
    send_form(request, token, body).await
}

#[derive(Deserialize)]
struct OperationList {
    operations: Vec<pantau_shared::operation::OperationListing>,
}

/// The operations in the caller's region, the latest order first.
pub async fn operations(
    token: &str,
) -> Result<Vec<pantau_shared::operation::OperationListing>, ApiFailure> {
    let answer: OperationList = send_for(
        Request::get("/api/operations")
            .header("Authorization", &bearer(token))
            .build(),
    )
    .await?;
    Ok(answer.operations)
}

/// Records a new operation (`id` none) or changes one.
pub async fn save_operation(
    token: &str,
    id: Option<&str>,
    body: &serde_json::Value,
) -> Result<(), Refusal> {
    let request = match id {
        None => Request::post("/api/operations"),
        Some(id) => Request::patch(&format!(
            "/api/operations/{}",
            js_sys::encode_uri_component(id)
        )),
    };
    send_form(request, token, body).await
}

/// An operation's report.
pub async fn operation_report(
    token: &str,
    id: &str,
) -> Result<pantau_shared::operation::OperationReport, ApiFailure> {
    send_for(
        Request::get(&format!(
            "/api/operations/{}",
            js_sys::encode_uri_component(id)
        ))
        .header("Authorization", &bearer(token))
        .build(),
    )
    .await
}

/// A person's review of a voter-list match.
pub async fn review_voter_match(
    token: &str,
    id: &str,
    body: &serde_json::Value,
) -> Result<(), Refusal> {
    let url = format!(
        "/api/voter-list/matches/{}/review",
        js_sys::encode_uri_component(id)
    );
    send_form(Request::post(&url), token, body).await
}

/// A change by POST with no body: `path` under `/api/admin/`.
pub async fn change(token: &str, path: &str) -> Result<(), ApiFailure> {
    send_for::<serde_json::Value>(
        Request::post(&format!("/api/admin/{path}"))
            .header("Authorization", &bearer(token))
            .build(),
    )
    .await
    .map(|_| ())
}

/// The counts of `GET /api/stats?{query}`.
pub async fn stats(
    token: &str,
    query: &str,
) -> Result<pantau_shared::stats::StatsAnswer, ApiFailure> {
    let path = format!("/api/stats?{query}");
    get_kept(token, &path).await
}

/// A file of `GET /api/export/{file}?{query}`: its bytes and the name the server gave it.
pub async fn export(token: &str, file: &str, query: &str) -> Result<(Vec<u8>, String), ApiFailure> {
    download(token, &format!("/api/export/{file}?{query}"), file).await
}

/// A file the API serves at `url`: its bytes and the name the server gave it, or `file`.
pub async fn download(token: &str, url: &str, file: &str) -> Result<(Vec<u8>, String), ApiFailure> {
    let response = Request::get(url)
        .header("Authorization", &bearer(token))
        .send()
        .await
        .map_err(|_| ApiFailure::Network)?;
    if !response.ok() {
        let status = response.status();
        let retry_after_s = app::api::retry_after(&response);
        let error = response
            .json::<pantau_shared::sync::wire::ErrorBody>()
            .await
            .map(|body| (body.error.code, body.error.message))
            .unwrap_or_else(|_| ("internal_error".into(), String::new()));
        return Err(ApiFailure::Server {
            status,
            code: error.0,
            message: error.1,
            retry_after_s,
        });
    }
    let name = response
        .headers()
        .get("content-disposition")
        .and_then(|value| {
            value
                .split("filename=")
                .nth(1)
                .map(|name| name.trim_matches(['"', ';', ' ']).to_string())
        })
        .unwrap_or_else(|| file.to_string());
    let bytes = response.binary().await.map_err(|_| ApiFailure::Network)?;
    Ok((bytes, name))
}

/// One side of a potential duplicate, as `GET /api/duplicates` shows it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Person {
    pub id: String,
    pub full_name: Option<String>,
    pub nationality: Option<String>,
    pub passport_number: Option<String>,
    pub date_of_birth: Option<String>,
    pub nik: Option<String>,
    pub region_code: Option<String>,
    /// Passports held before the current one (`NAT:NUMBER`).
    #[serde(default, deserialize_with = "list_or_null")]
    pub previous_documents: Vec<String>,
}

fn list_or_null<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(Option::<Vec<String>>::deserialize(d)?.unwrap_or_default())
}

/// Two records that may be one person, and why.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct DuplicatePair {
    pub first: Person,
    pub second: Person,
    pub reasons: Vec<String>,
    pub strong: bool,
}

#[derive(Deserialize)]
struct Pairs {
    pairs: Vec<DuplicatePair>,
}

pub async fn duplicates(token: &str) -> Result<Vec<DuplicatePair>, ApiFailure> {
    let answer: Pairs = send_for(
        Request::get("/api/duplicates")
            .header("Authorization", &bearer(token))
            .build(),
    )
    .await?;
    Ok(answer.pairs)
}

/// A review decision: `POST /api/duplicates/{action}` with `body`.
pub async fn decide(
    token: &str,
    action: &str,
    body: &serde_json::Value,
) -> Result<serde_json::Value, ApiFailure> {
    send_for(
        Request::post(&format!("/api/duplicates/{action}"))
            .header("Authorization", &bearer(token))
            .json(body),
    )
    .await
}

/// The conflicts of the reviewer's region: `status` is `open`, `restored`, `dismissed`
/// or `all`.
pub async fn conflicts(
    token: &str,
    status: &str,
) -> Result<pantau_shared::sync::review::ConflictList, ApiFailure> {
    send_for(
        Request::get(&format!("/api/conflicts?status={status}"))
            .header("Authorization", &bearer(token))
            .build(),
    )
    .await
}

/// Closes a conflict: `action` is `restore` (write the losing value back) or `dismiss`.
pub async fn close_conflict(
    token: &str,
    id: i64,
    action: &str,
) -> Result<pantau_shared::sync::review::Conflict, ApiFailure> {
    send_for(
        Request::post(&format!("/api/conflicts/{id}/{action}"))
            .header("Authorization", &bearer(token))
            .build(),
    )
    .await
}
