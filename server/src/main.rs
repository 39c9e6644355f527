//! The `pantau` command: parses the command line and hands over to the library.

use clap::Parser;
use pantau_server::cli::{Cli, LogFormat};

/// Requests allocate on one thread and free on another, and SQLite's rows are copied
/// value by value; mimalloc handles both with far less contention than the system
/// allocator (see docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "pantau_server=info,tower_http=warn".into());
    let logs = tracing_subscriber::fmt().with_env_filter(filter);
    match cli.log_format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs.json().init(),
    }
    match pantau_server::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("pantau: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
