//! Devices sync through a network that drops, repeats, delays and cuts requests, while
//! the server is killed mid-push and restarted — on SQLite and on PostgreSQL. A failure
//! names its seed: `PANTAU_FAULT_SEED=<seed>` replays the same workload and fault choices
//! (the interleaving of devices still varies with timing).
//!
//! The long soak is behind a flag: `PANTAU_SOAK_MINUTES=10 cargo test -p pantau-e2e
//! --test sync_under_faults -- --ignored --nocapture`.

use pantau_e2e::Product;
use pantau_e2e::fault_harness::{Config, Outcome, run, seed_from_env};
use pantau_e2e::postgres::ScratchDatabase;
use std::time::{Duration, Instant};

fn report(engine: &str, config: &Config, outcome: &Outcome) {
    println!(
        "{engine}: seed {}, {} devices, {} writes, {} records, {} conflicts logged, \
         {} server kills, {} merges ({} writes landed on a survivor), {} decisions ({} by two \
         coordinators); faults for {:.1} s, converged in {:.1} s\n  {}",
        config.seed,
        config.devices,
        outcome.writes,
        outcome.records,
        outcome.conflicts,
        outcome.kills,
        outcome.merged,
        outcome.redirected,
        outcome.decisions,
        outcome.contested_decisions,
        outcome.faulty_phase.as_secs_f64(),
        outcome.convergence.as_secs_f64(),
        outcome.faults,
    );
}

async fn run_on(engine: &str, config: Config) -> anyhow::Result<Outcome> {
    println!(
        "{engine}: fault seed {} (replay with PANTAU_FAULT_SEED={0})",
        config.seed
    );
    let database = match engine {
        "postgresql" => Some(ScratchDatabase::create("pantau_faults").await?),
        _ => None,
    };
    let product = match &database {
        Some(database) => Product::on_database(&database.url())?,
        None => Product::new()?,
    };
    let outcome = run(product, &config).await;
    if let Some(database) = database {
        database.drop_it().await;
    }
    let outcome = outcome.map_err(|error| {
        error.context(format!(
            "{engine}: the run with seed {} failed; replay with PANTAU_FAULT_SEED={0}",
            config.seed
        ))
    })?;
    report(engine, &config, &outcome);
    Ok(outcome)
}

fn short_run() -> Config {
    Config {
        seed: seed_from_env(),
        devices: 5,
        steps_per_device: 150,
        max_kills: 6,
        restore: false,
        merges: 6,
        deciders: 2,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn devices_converge_through_faults_on_sqlite() -> anyhow::Result<()> {
    let outcome = run_on("sqlite", short_run()).await?;
    assert!(outcome.writes > 0);
    Ok(())
}

/// The server's disk is lost mid-run: a backup taken while devices pushed is restored
/// while they keep working, and every acknowledged write still reaches the server.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn devices_converge_through_a_restore_from_backup() -> anyhow::Result<()> {
    let outcome = run_on(
        "sqlite",
        Config {
            steps_per_device: 400,
            max_kills: 3,
            restore: true,
            ..short_run()
        },
    )
    .await?;
    assert!(outcome.restored && outcome.writes > 0);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn devices_converge_through_faults_on_postgresql() -> anyhow::Result<()> {
    let outcome = run_on("postgresql", short_run()).await?;
    assert!(outcome.writes > 0);
    Ok(())
}

/// Rounds of bigger runs on both engines until the time is up.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a long soak: run with --ignored and PANTAU_SOAK_MINUTES"]
async fn soak() -> anyhow::Result<()> {
    let minutes: u64 = std::env::var("PANTAU_SOAK_MINUTES")
        .ok()
        .and_then(|m| m.parse().ok())
        .unwrap_or(10);
    let until = Instant::now() + Duration::from_secs(minutes * 60);
    let mut seed = seed_from_env();
    let (mut rounds, mut writes, mut kills) = (0, 0, 0);
    while Instant::now() < until {
        for engine in ["sqlite", "postgresql"] {
            let config = Config {
                seed,
                devices: 8,
                steps_per_device: 200,
                max_kills: 10,
                restore: engine == "sqlite",
                merges: 10,
                deciders: 2,
            };
            let outcome = run_on(engine, config).await?;
            rounds += 1;
            writes += outcome.writes;
            kills += outcome.kills;
            seed = seed.wrapping_add(1);
        }
    }
    println!("soak: {rounds} runs, {writes} writes, {kills} server kills, no failure");
    Ok(())
}
