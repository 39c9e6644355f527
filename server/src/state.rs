//! What every request handler shares.

use crate::clock::Clock;
use crate::db::Db;
use crate::error::ApiError;
use crate::metrics::Metrics;
use axum::http::StatusCode;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Settings that do not come from the database.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Where the built app is; `None` serves the API alone.
    pub app_dir: Option<PathBuf>,
    /// How long a sign-in lasts; offline work continues until then.
    pub session_ttl: Duration,
    /// Failed sign-ins per username allowed within `login_window` before 429.
    pub login_max_failures: usize,
    /// Failed sign-ins per client address within the window (an office shares one).
    pub login_max_failures_per_address: usize,
    pub login_window: Duration,
    /// The time sessions are issued and checked against.
    pub clock: Clock,
    /// Free bytes the data directory's disk must keep: below it, pushes and uploads are
    /// refused with 507 `storage_full` (the tablets keep them) while reads go on, so that
    /// a full disk never fails a commit half way.
    pub storage_floor_bytes: u64,
    /// Lets `/metrics` answer requests from beyond loopback that present it.
    pub metrics_token: Option<String>,
    /// Reverse proxies whose `X-Forwarded-For` names the client (see `client`).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The database holds the demo: every page carries a banner saying so.
    pub demo: bool,
    /// The largest voter-list extract one check takes, in MB: the check streams, so the
    /// limit bounds the request's time, not the server's memory.
    pub voter_list_max_mb: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            app_dir: None,
            session_ttl: Duration::from_secs(7 * 24 * 3600),
            login_max_failures: 5,
            login_max_failures_per_address: 30,
            login_window: Duration::from_secs(15 * 60),
            clock: Clock::system(),
            storage_floor_bytes: 256 * 1024 * 1024,
            metrics_token: None,
            trusted_proxies: Vec::new(),
            demo: false,
            voter_list_max_mb: 50,
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub settings: Arc<Settings>,
    pub metrics: Arc<Metrics>,
}

impl AppState {
    pub fn new(db: Db, settings: Settings) -> Self {
        AppState {
            db,
            settings: Arc::new(settings),
            metrics: Arc::default(),
        }
    }

    /// Notes that `signed_in` read `target` (`action`: `pull`, `history`, `photo`), so
    /// that who received whose data can be told later (`pantau audit`). A read whose
    /// trail cannot be written is not served.
    pub async fn log_read(
        &self,
        signed_in: &crate::auth::SignedIn,
        action: &str,
        target: &str,
        details: &str,
        row_count: i64,
    ) -> Result<(), ApiError> {
        let officer_id = signed_in.officer.id.to_string();
        let device_id = signed_in.device_id.to_string();
        let entry = crate::db::export::AccessEntry {
            officer_id: &officer_id,
            device_id: &device_id,
            action,
            target,
            filters: details,
            row_count,
            at_ms: self.settings.clock.now_ms(),
        };
        self.db.log_access(&entry).await?;
        Ok(())
    }

    /// Refuses a write while the data directory's disk is below the storage floor.
    pub fn check_storage_floor(&self) -> Result<(), ApiError> {
        let floor = self.settings.storage_floor_bytes;
        match self.db.free_space() {
            Some(free) if free < floor => Err(ApiError::client(
                StatusCode::INSUFFICIENT_STORAGE,
                "storage_full",
                format!(
                    "the server's disk has {} MiB free, below its floor of {} MiB: writes wait \
                     until an operator frees space; the tablets keep them until then",
                    free / MIB,
                    floor / MIB
                ),
            )),
            _ => Ok(()),
        }
    }
}

const MIB: u64 = 1024 * 1024;
