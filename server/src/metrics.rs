//! `/metrics` in the Prometheus text format, for the office's monitoring: requests by
//! route and status, push and pull latency, mutations by outcome, and — read from the
//! database at each scrape — devices seen in the last day, each team's last sync, the
//! database's size and the time of the last backup. Reachable from loopback, or from
//! elsewhere with the metrics token.

use crate::db::now_ms;
use crate::error::{ApiError, Result};
use crate::state::AppState;
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Router, routing::get};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use std::net::SocketAddr;
use std::sync::atomic::AtomicU64;
use std::time::Instant;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    status: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct TeamLabels {
    team: String,
}

type FloatGauge = Gauge<f64, AtomicU64>;

/// Every metric the server keeps, registered once.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    push_seconds: Histogram,
    pull_seconds: Histogram,
    mutations: Family<OutcomeLabels, Counter>,
    devices_seen_last_day: Gauge,
    team_last_sync: Family<TeamLabels, FloatGauge>,
    database_bytes: Gauge,
    log_bytes: Gauge,
    last_backup: FloatGauge,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("pantau");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests by route and status",
            requests.clone(),
        );
        // 1 ms to about 16 s.
        let latency = || Histogram::new(exponential_buckets(0.001, 2.0, 15));
        let push_seconds = latency();
        registry.register(
            "sync_push_seconds",
            "Time to answer a push",
            push_seconds.clone(),
        );
        let pull_seconds = latency();
        registry.register(
            "sync_pull_seconds",
            "Time to answer a pull page",
            pull_seconds.clone(),
        );
        let mutations = Family::<OutcomeLabels, Counter>::default();
        registry.register(
            "sync_mutations",
            "Pushed mutations by outcome: applied, duplicate, conflict, rejected",
            mutations.clone(),
        );
        let devices_seen_last_day = Gauge::default();
        registry.register(
            "devices_seen_last_day",
            "Devices that synced in the last 24 hours",
            devices_seen_last_day.clone(),
        );
        let team_last_sync = Family::<TeamLabels, FloatGauge>::default();
        registry.register(
            "team_last_sync_timestamp_seconds",
            "When a device of the team last synced (Unix time; 0 when never)",
            team_last_sync.clone(),
        );
        let database_bytes = Gauge::default();
        registry.register(
            "database_bytes",
            "Size of the database",
            database_bytes.clone(),
        );
        let log_bytes = Gauge::default();
        registry.register(
            "database_wal_bytes",
            "Size of SQLite's write-ahead log",
            log_bytes.clone(),
        );
        let last_backup = FloatGauge::default();
        registry.register(
            "last_backup_timestamp_seconds",
            "When the last backup was written (Unix time; 0 when never)",
            last_backup.clone(),
        );
        Metrics {
            registry,
            requests,
            push_seconds,
            pull_seconds,
            mutations,
            devices_seen_last_day,
            team_last_sync,
            database_bytes,
            log_bytes,
            last_backup,
        }
    }
}

impl Metrics {
    /// Counts one pushed mutation's outcome (`applied`, `duplicate`, …).
    pub fn count_mutation(&self, status: &'static str) {
        self.mutations
            .get_or_create(&OutcomeLabels { status })
            .inc();
    }
}

/// Counts every request by the route it matched, and times pushes and pulls.
pub async fn count_requests(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |path| path.as_str().to_string());
    let started = Instant::now();
    let response = next.run(request).await;
    let metrics = &state.metrics;
    let seconds = started.elapsed().as_secs_f64();
    match route.as_str() {
        "/api/sync/push" => metrics.push_seconds.observe(seconds),
        "/api/sync/pull" => metrics.pull_seconds.observe(seconds),
        _ => {}
    }
    metrics
        .requests
        .get_or_create(&RequestLabels {
            route,
            status: response.status().as_u16(),
        })
        .inc();
    response
}

pub fn router() -> Router<AppState> {
    Router::new().route("/metrics", get(scrape))
}

async fn scrape(
    State(state): State<AppState>,
    client: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
) -> Result<Response> {
    // Behind a trusted proxy on the same machine every request comes from loopback: the
    // client the proxy names decides.
    let peer = client.map(|Extension(ConnectInfo(a))| a);
    let from_loopback = crate::client::client_ip(peer, &headers, &state.settings.trusted_proxies)
        .is_some_and(|ip| ip.is_loopback());
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let token_matches = match (&state.settings.metrics_token, presented) {
        (Some(expected), Some(presented)) => {
            use subtle::ConstantTimeEq;
            bool::from(expected.as_bytes().ct_eq(presented.as_bytes()))
        }
        _ => false,
    };
    if !from_loopback && !token_matches {
        return Err(ApiError::unauthorized(
            "metrics_forbidden",
            "metrics are served to loopback, or with the metrics token",
        ));
    }
    let metrics = &state.metrics;
    let db = &state.db;
    let day_ago = now_ms() - 24 * 3600 * 1000;
    metrics
        .devices_seen_last_day
        .set(db.devices_seen_since(day_ago).await?);
    for (team, last_ms) in db.last_sync_by_team().await? {
        metrics
            .team_last_sync
            .get_or_create(&TeamLabels { team })
            .set(last_ms.unwrap_or(0) as f64 / 1000.0);
    }
    let size = db.storage_size().await?;
    metrics.database_bytes.set(size.database_bytes as i64);
    metrics.log_bytes.set(size.log_bytes.unwrap_or(0) as i64);
    metrics
        .last_backup
        .set(db.last_backup_ms().await?.unwrap_or(0) as f64 / 1000.0);
    let mut text = String::new();
    prometheus_client::encoding::prometheus_text::encode(&mut text, &metrics.registry).map_err(
        |_| {
            ApiError::client(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal_error",
                "the metrics could not be written",
            )
        },
    )?;
    Ok((
        [(
            header::CONTENT_TYPE,
            prometheus_client::encoding::prometheus_text::CONTENT_TYPE,
        )],
        text,
    )
        .into_response())
}
