//! Pantau's sync server.
//!
//! - [`app`] builds the whole HTTP surface: the API under `/api` and the built field app.
//! - [`serve`] runs it on a listener until a shutdown signal, finishing requests in flight.
//! - [`cli`] is the `pantau` command (`serve`, `team`, `user`, `device`); [`admin`] does
//!   the administration it offers.
//! - [`db`] holds all SQL, for SQLite (default) and PostgreSQL alike.
//! - [`sync`] applies pushes through the shared merge and pages pulls by scope.
//! - [`clock`] is the time every handler reads, movable in tests.
//! - [`client`] tells the client's address, behind a trusted reverse proxy too; [`tls`]
//!   loads the certificate when Pantau serves HTTPS itself.
//! - [`auth`] signs officers in and finds the officer behind a token.
//! - [`routes`] maps HTTP to all of that; [`error`] is the one error type it answers with.
//! - [`export`] writes tables as CSV and XLSX files, one row in memory at a time.
//! - [`person_export`] gathers one person's data for their request; [`retention`] erases
//!   what may no longer be kept.
//! - [`backup`] writes consistent backups of a SQLite system and restores them.
//! - [`metrics`] serves `/metrics` for monitoring.
//! - [`voter_list`] reads a voter-list extract and matches it against the foreign
//!   nationals in scope.
//! - [`demo`] seeds a clearly fake Tim PORA for trying the product.

pub mod admin;
pub mod auth;
pub mod backup;
pub mod cli;
pub mod client;
pub mod clock;
pub mod code_tables;
pub mod db;
pub mod demo;
pub mod error;
pub mod export;
pub mod lease;
pub mod metrics;
pub mod overstay_rules;
pub mod person_export;
pub mod policy;
pub mod provisioning;
pub mod retention;
pub mod routes;
pub mod signed_log;
pub mod state;
pub mod static_files;
pub mod sync;
pub mod tls;
pub mod voter_list;

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use state::AppState;
use std::future::Future;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// The whole HTTP surface for `state`.
pub fn app(state: AppState) -> Router {
    // API answers carry personal data: never kept by the browser or a proxy, unless a
    // route says otherwise.
    let api = routes::api_router().layer(SetResponseHeaderLayer::if_not_present(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store"),
    ));
    let mut router = Router::new().nest("/api", api).merge(metrics::router());
    if let Some(dir) = state.settings.app_dir.clone() {
        router = router.merge(static_files::router(dir, state.settings.demo));
    }
    let router = router.layer(axum::middleware::from_fn_with_state(
        state.clone(),
        metrics::count_requests,
    ));
    security_headers(router.with_state(state))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        // The last line of defence: a panic answers 500 instead of dropping the connection.
        .layer(CatchPanicLayer::custom(panic_response))
}

/// The content security policy: the app's own scripts and WebAssembly only, no inline
/// script, no plugins, never framed (a framed app could be clicked into discarding
/// unsent work); photos are shown from `blob:` URLs made on the device.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     img-src 'self' blob: data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; \
     form-action 'self'";

fn security_headers(router: Router) -> Router {
    let set = |name: header::HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    router
        .layer(set(
            header::CONTENT_SECURITY_POLICY,
            CONTENT_SECURITY_POLICY,
        ))
        .layer(set(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(set(header::REFERRER_POLICY, "no-referrer"))
        .layer(set(
            header::HeaderName::from_static("permissions-policy"),
            "camera=(self), geolocation=(self), microphone=(), payment=(), usb=()",
        ))
}

fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    error::ApiError::client(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal_error",
        "the server could not complete the request",
    )
    .into_response()
}

/// Serves `app(state)` on `listener` until `shutdown` completes, then lets requests in
/// flight (a sync push in particular) finish before returning.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // The client's address feeds the per-address sign-in limit.
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

/// As [`serve`], over TLS: connections are accepted through rustls with `config`.
pub async fn serve_tls(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
    config: axum_server::tls_rustls::RustlsConfig,
) -> std::io::Result<()> {
    let handle = axum_server::Handle::new();
    let stopping = handle.clone();
    tokio::spawn(async move {
        shutdown.await;
        stopping.graceful_shutdown(None);
    });
    axum_server::from_tcp_rustls(listener.into_std()?, config)?
        .handle(handle)
        .serve(app(state).into_make_service_with_connect_info::<std::net::SocketAddr>())
        .await
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down; finishing requests in flight");
}
