//! Benchmark: what signing finalizations costs. Prints figures; never asserts. Run with
//! `.ci/bench` (release build).
//!
//! - building, canonicalizing and signing one finalization's statement on a device, and
//!   verifying one Ed25519 signature (what the server does per signed record);
//! - on SQLite and PostgreSQL, pushing 1,000 finalized inspections (each with its
//!   foreign national and finding) from a device that signs them, beside one that
//!   does not: the difference is the server's check and the log's append.

use anyhow::Context;
use ed25519_dalek::{Signer, SigningKey, Verifier};
use pantau_e2e::device::{NativeDevice, fields};
use pantau_e2e::postgres::ScratchDatabase;
use pantau_e2e::{PASSWORD, Product};
use pantau_shared::sync::EntityKind;
use serde_json::json;
use std::time::{Duration, Instant};
use uuid::Uuid;

const INSPECTIONS: usize = 1_000;

/// Drafts `INSPECTIONS` inspections with a finding each and finalizes them, signing
/// each finalization when the device has a key; returns the time spent signing.
fn finalize_all(device: &mut NativeDevice, signs: bool) -> anyhow::Result<Duration> {
    let mut signing = Duration::ZERO;
    for n in 0..INSPECTIONS {
        let (subject, inspection, finding) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        device.edit(
            EntityKind::Subject,
            subject,
            fields(
                json!({"region_code": "51.01.04", "full_name": format!("CONTOH TANDA {n}"),
                "nationality": "AUS", "permit_type": "ITK", "passport_number": format!("S{n:07}")}),
            ),
        )?;
        device.edit(
            EntityKind::Inspection,
            inspection,
            fields(
                json!({"region_code": "51.01.04", "started_at": "2026-11-10T10:00:00+08:00",
                "place_name": format!("Vila uji {n}"), "place_type": "villa",
                "warrant_number": "SP-BENCH/1"}),
            ),
        )?;
        device.edit(
            EntityKind::Finding,
            finding,
            fields(
                json!({"region_code": "51.01.04", "inspection_id": inspection,
                "subject_id": subject, "violations": ["overstay"],
                "recommended_action": "deportation"}),
            ),
        )?;
        device.edit(
            EntityKind::Inspection,
            inspection,
            fields(json!({"status": "final"})),
        )?;
        if signs {
            let started = Instant::now();
            device.sign_finalization(inspection)?;
            signing += started.elapsed();
        }
    }
    Ok(signing)
}

async fn push_on(engine: &str) -> anyhow::Result<()> {
    let database = match engine {
        "PostgreSQL" => Some(ScratchDatabase::create("pantau_bench_signing").await?),
        _ => None,
    };
    let mut product = match &database {
        Some(database) => Product::on_database(&database.url())?,
        None => Product::new()?,
    };
    product.team(
        "jembrana",
        "51.01",
        &[
            ("signer", "field", "IMIGRASI"),
            ("plain", "field", "IMIGRASI"),
        ],
    )?;
    product.serve()?;
    let mut figures = Vec::new();
    for (username, signs) in [("plain", false), ("signer", true)] {
        let mut device = match signs {
            true => NativeDevice::sign_in_signing(&product.url, username, PASSWORD).await?,
            false => NativeDevice::sign_in(&product.url, username, PASSWORD).await?,
        };
        let signing = finalize_all(&mut device, signs)?;
        let mutations = device.state.pending_count();
        let started = Instant::now();
        device.sync().await?;
        let pushed = started.elapsed();
        anyhow::ensure!(device.state.pending_count() == 0, "writes left unsent");
        figures.push((signs, mutations, pushed, signing));
    }
    for (signs, mutations, pushed, signing) in figures {
        println!(
            "BENCH {engine:<10} {:<9} {mutations} mutations ({INSPECTIONS} finalizations): push {:>6.0} ms ({:.0} mutations/s); signing on the device {:.3} ms each",
            if signs { "signed" } else { "unsigned" },
            pushed.as_secs_f64() * 1000.0,
            mutations as f64 / pushed.as_secs_f64(),
            signing.as_secs_f64() * 1000.0 / INSPECTIONS as f64,
        );
    }
    let verified = product.run(&["audit", "verify"], "")?;
    let started = Instant::now();
    product.run(&["audit", "verify"], "")?;
    println!(
        "BENCH {engine:<10} audit verify of {INSPECTIONS} signed records: {:.0} ms ({})",
        started.elapsed().as_secs_f64() * 1000.0,
        verified.lines().next().unwrap_or_default()
    );
    drop(product);
    if let Some(database) = database {
        database.drop_it().await;
    }
    Ok(())
}

fn ed25519_figures() -> anyhow::Result<()> {
    let key = SigningKey::from_bytes(&[5; 32]);
    let message = vec![b'x'; 2_000];
    let rounds = 2_000u32;
    let started = Instant::now();
    let mut signature = key.sign(&message);
    for _ in 1..rounds {
        signature = key.sign(&message);
    }
    let sign = started.elapsed() / rounds;
    let verifying = key.verifying_key();
    let started = Instant::now();
    for _ in 0..rounds {
        verifying
            .verify(&message, &signature)
            .context("the signature verifies")?;
    }
    let verify = started.elapsed() / rounds;
    println!(
        "BENCH Ed25519 over a 2,000-byte statement: sign {:.1} µs, verify {:.1} µs",
        sign.as_secs_f64() * 1e6,
        verify.as_secs_f64() * 1e6
    );
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    ed25519_figures()?;
    for engine in ["SQLite", "PostgreSQL"] {
        push_on(engine).await?;
    }
    Ok(())
}
