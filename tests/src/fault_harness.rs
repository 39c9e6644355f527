//! The multi-device fault harness: officers' devices run the shared sync engine through
//! a [`FaultProxy`] against the real server, which is SIGKILLed mid-push and restarted,
//! while each device creates, edits, deletes, finalizes and amends at random. When the
//! faults stop and every device has synced, [`check`] proves that nothing was lost,
//! duplicated or silently overwritten, and that final inspections never changed.
//! Meanwhile a coordinator may merge foreign nationals the devices keep editing: every
//! write must then land on the survivor or in the conflict log, and no count may include
//! a merged record.

use crate::device::{NativeDevice, fields};
use crate::fault_proxy::FaultProxy;
use crate::{PASSWORD, Product, Server};
use anyhow::{Context, bail, ensure};
use pantau_shared::decision::decision_id;
use pantau_shared::entity::FieldMap;
use pantau_shared::sync::EntityKind;
use pantau_shared::sync::engine::REPLAY_ATTEMPTS;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// How big a run is.
#[derive(Debug, Clone)]
pub struct Config {
    pub seed: u64,
    pub devices: usize,
    pub steps_per_device: usize,
    /// The most times the server is killed in one run.
    pub max_kills: u64,
    /// Back the server up while devices work, then restore that backup while they keep
    /// working (SQLite only): every acknowledged write must still end up on the server.
    pub restore: bool,
    /// How many merges of two foreign nationals a coordinator attempts while the devices
    /// work (never with `restore`: a restore may lose a merge, which no device re-sends).
    pub merges: usize,
    /// How many of the devices are coordinators, who besides their field work decide
    /// findings of final inspections, often the same finding as another.
    pub deciders: usize,
}

/// What a run did, for the report.
#[derive(Debug)]
pub struct Outcome {
    pub writes: usize,
    pub records: usize,
    pub conflicts: usize,
    pub kills: u64,
    pub faults: String,
    pub faulty_phase: Duration,
    pub convergence: Duration,
    /// Whether the server was restored from a backup during the run.
    pub restored: bool,
    /// The merges the coordinator made.
    pub merged: usize,
    /// Device writes to a merged record that the server applied to its survivor.
    pub redirected: usize,
    /// Decisions on the server, and those of them more than one coordinator wrote.
    pub decisions: usize,
    pub contested_decisions: usize,
}

/// The seed of a run: `PANTAU_FAULT_SEED` to replay one, else a new one.
pub fn seed_from_env() -> u64 {
    std::env::var("PANTAU_FAULT_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(7, |d| d.as_nanos() as u64)
        })
}

/// One write a device made, as the harness saw it leave the officer's hands.
#[derive(Debug, Clone)]
struct Written {
    op_id: Uuid,
    record: Uuid,
    fields: FieldMap,
    /// The device's pull cursor when the officer made the write.
    seen_up_to: i64,
}

/// The server process, restartable by the killer.
struct ServerSlot {
    product: Arc<Product>,
    server: Mutex<Option<Server>>,
}

impl ServerSlot {
    fn restart(&self) -> anyhow::Result<u16> {
        // Deleted records stay as they are for the run: every write is checked against
        // the values it set, which erasing them would take away (erasure has its own
        // tests).
        let server = self
            .product
            .start_server_with(0, &["--erase-deleted-every", "24h"])?;
        let port = server.port;
        *self.server.lock().unwrap_or_else(|p| p.into_inner()) = Some(server);
        Ok(port)
    }

    fn kill(&self) {
        if let Some(server) = self.server.lock().unwrap_or_else(|p| p.into_inner()).take() {
            server.kill();
        }
    }

    /// Stops the server, restores `backup` over its data, and starts it again.
    fn restore(&self, backup: &std::path::Path) -> anyhow::Result<u16> {
        self.kill();
        self.product.restore_from(backup)?;
        self.restart()
    }
}

const REGIONS: [&str; 4] = ["51.01", "51.01.01", "51.01.02", "51.01.04.1001"];

fn letters(mut n: usize) -> String {
    let mut out = String::new();
    loop {
        out.insert(0, (b'A' + (n % 26) as u8) as char);
        n /= 26;
        if n == 0 {
            return out;
        }
    }
}

/// One officer's random day, interleaved with syncs that may fail.
async fn workload(
    mut device: NativeDevice,
    index: usize,
    steps: usize,
    seed: u64,
    decides: bool,
) -> (NativeDevice, Vec<Written>) {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut written = Vec::new();
    for step in 0..steps {
        let unique = format!("{index}-{step}");
        let pick = |rng: &mut StdRng, device: &NativeDevice, entity: &str, status: Option<&str>| {
            let candidates: Vec<Uuid> = device
                .state
                .records()
                .filter(|r| r.entity == entity && r.is_live())
                .filter(|r| status.is_none_or(|s| r.text("status") == Some(s)))
                // A record with a refused write waits for its officer; leave it be.
                .filter(|r| {
                    !device
                        .state
                        .outbox()
                        .iter()
                        .any(|e| e.mutation.id == r.id && e.rejected.is_some())
                })
                .map(|r| r.id)
                .collect();
            (!candidates.is_empty()).then(|| candidates[rng.random_range(0..candidates.len())])
        };
        let region = REGIONS[rng.random_range(0..REGIONS.len())];
        let action = rng.random_range(0..100);
        let edit: Option<(EntityKind, Uuid, FieldMap)> = match action {
            0..=14 => Some((
                EntityKind::Subject,
                Uuid::now_v7(),
                fields(json!({
                    "region_code": region, "full_name": format!("UJI {}", letters(index * 10_000 + step)),
                    "nationality": "AUS", "sex": "F", "passport_number": format!("X{index}Y{step}"),
                })),
            )),
            15..=39 => pick(&mut rng, &device, "subject", None).map(|id| {
                let field = ["address", "notes", "full_name"][rng.random_range(0..3)];
                let value = if field == "full_name" {
                    format!("UJI {}", letters(index * 10_000 + step))
                } else {
                    format!("Nilai uji {unique} (fiktif)")
                };
                (EntityKind::Subject, id, fields(json!({ field: value })))
            }),
            40..=42 => pick(&mut rng, &device, "subject", None)
                .map(|id| (EntityKind::Subject, id, fields(json!({"deleted": true})))),
            43..=52 => Some((
                EntityKind::Inspection,
                Uuid::now_v7(),
                fields(json!({
                    "region_code": region, "started_at": "2026-11-28T09:00:00+08:00",
                    "place_name": format!("Tempat uji {unique}"), "warrant_number": format!("SPRIN/UJI/{unique}"),
                    "status": "draft",
                })),
            )),
            53..=62 => pick(&mut rng, &device, "inspection", Some("draft")).map(|id| {
                (
                    EntityKind::Inspection,
                    id,
                    fields(json!({"notes": format!("Catatan uji {unique}")})),
                )
            }),
            63..=70 => {
                let inspection = pick(&mut rng, &device, "inspection", Some("draft"));
                let subject = pick(&mut rng, &device, "subject", None);
                inspection.zip(subject).map(|(inspection, subject)| {
                    let region = device
                        .state
                        .record(inspection)
                        .and_then(|r| r.text("region_code"))
                        .unwrap_or("51.01")
                        .to_string();
                    (
                        EntityKind::Finding,
                        Uuid::now_v7(),
                        fields(json!({
                            "region_code": region, "inspection_id": inspection,
                            "subject_id": subject, "violations": ["overstay"],
                        })),
                    )
                })
            }
            71..=76 => pick(&mut rng, &device, "inspection", Some("draft"))
                .map(|id| (EntityKind::Inspection, id, fields(json!({"status": "final"})))),
            77..=79 => pick(&mut rng, &device, "inspection", Some("final")).map(|id| {
                (
                    EntityKind::Amendment,
                    Uuid::now_v7(),
                    fields(json!({
                        "region_code": "51.01", "original_entity": "inspection", "original_id": id,
                        "reason": format!("Koreksi uji {unique}"), "changes": "place_name: lama → baru",
                    })),
                )
            }),
            80..=85 if decides => decidable(&device).map(|findings| {
                let (finding, region) = findings[rng.random_range(0..findings.len())].clone();
                let action = ["deportation", "overstay_fee", "detention"][rng.random_range(0..3)];
                (
                    EntityKind::Decision,
                    decision_id(finding),
                    fields(json!({
                        "region_code": region, "finding_id": finding, "state": "decided",
                        "decided_action": action, "decision_number": format!("KEP/UJI/{unique}"),
                        "decision_date": "2026-12-01", "decided_by": device.state.device_id(),
                    })),
                )
            }),
            _ => {
                // A sync that the network or the server may cut short at any point.
                let _ = device.sync().await;
                None
            }
        };
        if let Some((entity, id, fields)) = edit {
            let seen_up_to = device.state.cursor();
            if device.edit(entity, id, fields.clone()).is_ok() {
                // The officer signs what they finalize, before anything is sent.
                if entity == EntityKind::Inspection
                    && fields.get("status").and_then(|s| s.as_str()) == Some("final")
                {
                    device
                        .sign_finalization(id)
                        .expect("an unsent finalization is signed");
                }
                let entry = device
                    .state
                    .outbox()
                    .last()
                    .expect("the edit's outbox entry");
                written.push(Written {
                    op_id: entry.mutation.op_id,
                    record: id,
                    fields: entry.mutation.fields.clone(),
                    seen_up_to,
                });
            }
        }
        tokio::time::sleep(Duration::from_millis(rng.random_range(0..15))).await;
    }
    (device, written)
}

/// The findings a coordinator may decide, with their regions: those the server sent
/// under an inspection the server holds final, whose decision is not closed.
fn decidable(device: &NativeDevice) -> Option<Vec<(Uuid, String)>> {
    let server_text = |id: Uuid, field: &str| {
        device
            .state
            .record(id)
            .and_then(|r| r.server.get(field)?.as_str().map(str::to_string))
    };
    let findings: Vec<(Uuid, String)> = device
        .state
        .records()
        .filter(|r| r.entity == "finding" && !r.server.is_empty())
        .filter(|r| {
            let inspection = r
                .server
                .get("inspection_id")
                .and_then(Value::as_str)
                .and_then(|id| Uuid::parse_str(id).ok());
            inspection
                .and_then(|id| server_text(id, "status"))
                .as_deref()
                == Some("final")
        })
        .filter(|r| {
            let state = device
                .state
                .record(decision_id(r.id))
                .and_then(|d| d.text("state"));
            !matches!(state, Some("carried_out" | "cancelled"))
        })
        .filter_map(|r| Some((r.id, r.server.get("region_code")?.as_str()?.to_string())))
        .collect();
    (!findings.is_empty()).then_some(findings)
}

/// Runs the harness on `product` (teams not yet made) and checks the result.
pub async fn run(product: Product, config: &Config) -> anyhow::Result<Outcome> {
    let officers: Vec<String> = (0..config.devices).map(|i| format!("petugas{i}")).collect();
    let deciders = config.deciders;
    let mut roster: Vec<(&str, &str, &str)> = officers
        .iter()
        .enumerate()
        .map(|(index, name)| {
            let role = if index < deciders {
                "coordinator"
            } else {
                "field"
            };
            (name.as_str(), role, "IMIGRASI")
        })
        .collect();
    let merges = if config.restore { 0 } else { config.merges };
    if merges > 0 {
        roster.push((COORDINATOR, "coordinator", "IMIGRASI"));
    }
    product.team("jembrana", "51.01", &roster)?;
    let product = Arc::new(product);
    let slot = Arc::new(ServerSlot {
        product: product.clone(),
        server: Mutex::new(None),
    });
    let port = slot.restart()?;
    let (proxy, mut kill_requests) = FaultProxy::start(port, config.seed).await?;
    let proxy = Arc::new(proxy);

    // The killer: SIGKILL the server when the proxy has a push on its way, then restart.
    // It and the restorer take turns: one server process at a time.
    let turns = Arc::new(tokio::sync::Mutex::new(()));
    let kills = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let killer = {
        let (slot, proxy, kills, max, turns) = (
            slot.clone(),
            proxy.clone(),
            kills.clone(),
            config.max_kills,
            turns.clone(),
        );
        tokio::spawn(async move {
            while kill_requests.recv().await.is_some() {
                if kills.load(std::sync::atomic::Ordering::SeqCst) >= max {
                    continue;
                }
                let _turn = turns.lock().await;
                kills.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let slot = slot.clone();
                let port = tokio::task::spawn_blocking(move || {
                    slot.kill();
                    slot.restart()
                })
                .await??;
                proxy.set_upstream(port);
                while kill_requests.try_recv().is_ok() {}
            }
            anyhow::Ok(())
        })
    };
    // The restorer: a backup while pushes go on, and later a restore of it. It hands back
    // the log as the server had it when it went down: the order the restore loses.
    let restorer = config.restore.then(|| {
        let (slot, proxy, turns) = (slot.clone(), proxy.clone(), turns.clone());
        tokio::spawn(async move {
            let folder = tempfile::tempdir()?;
            let backup = folder.path().join("cadangan.db");
            tokio::time::sleep(Duration::from_millis(1_000)).await;
            let product = slot.product.clone();
            let out = backup.clone();
            tokio::task::spawn_blocking(move || {
                product.run(&["backup", "--out", &out.display().to_string()], "")
            })
            .await??;
            tokio::time::sleep(Duration::from_millis(1_500)).await;
            let _turn = turns.lock().await;
            let stopping = slot.clone();
            tokio::task::spawn_blocking(move || stopping.kill()).await?;
            let lost = read_server(&slot.product.database_url()).await?.log;
            let port = tokio::task::spawn_blocking(move || slot.restore(&backup)).await??;
            proxy.set_upstream(port);
            anyhow::Ok(lost)
        })
    });

    let mut devices = Vec::new();
    for name in &officers {
        devices.push(NativeDevice::sign_in_signing(&proxy.url, name, PASSWORD).await?);
    }
    let coordinator = match merges {
        0 => None,
        _ => Some(NativeDevice::sign_in(&proxy.url, COORDINATOR, PASSWORD).await?),
    };
    let started = Instant::now();
    proxy.set_faults(true);
    let merger =
        coordinator.map(|device| tokio::spawn(merge_while_working(device, merges, config.seed)));
    let tasks: Vec<_> = devices
        .into_iter()
        .enumerate()
        .map(|(index, device)| {
            let seed = config.seed ^ (index as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            tokio::spawn(workload(
                device,
                index,
                config.steps_per_device,
                seed,
                index < deciders,
            ))
        })
        .collect();
    let mut devices = Vec::new();
    let mut written = Vec::new();
    // Each decision record, with how many coordinators wrote it.
    let mut decided_by: HashMap<Uuid, usize> = HashMap::new();
    for task in tasks {
        let (device, writes) = task.await?;
        let decisions: BTreeSet<Uuid> = writes
            .iter()
            .filter(|w| w.fields.contains_key("decided_action"))
            .map(|w| w.record)
            .collect();
        for decision in decisions {
            *decided_by.entry(decision).or_default() += 1;
        }
        devices.push(device);
        written.extend(writes);
    }
    let (coordinator, merged) = match merger {
        Some(merger) => {
            let (device, merged) = merger.await??;
            (Some(device), merged)
        }
        None => (None, 0),
    };
    let log_before_restore = match restorer {
        Some(restorer) => Some(restorer.await??),
        None => None,
    };
    let restored = log_before_restore.is_some();
    proxy.set_faults(false);
    let faulty_phase = started.elapsed();
    let faults = proxy.counts().summary();
    // A restart the killer has begun must finish and point the proxy at the new server
    // before the killer stops: its turn is taken first, so none is half done.
    let last_turn = turns.lock().await;
    killer.abort();
    let _ = killer.await;
    drop(last_turn);
    drop(proxy);

    // Faults are over: every device syncs until its outbox holds only refused writes, then
    // once more so each pulls what the others pushed last. After a restore, a write one
    // device sends again may wait for another device's (the record's creation): rounds go
    // on while any device still has something to send.
    let converging = Instant::now();
    let mut quiet_rounds = 0;
    for round in 0..(REPLAY_ATTEMPTS as usize + 4) {
        for device in devices.iter_mut() {
            let deadline = Instant::now() + Duration::from_secs(60);
            loop {
                match device.sync().await {
                    Ok(_) => break,
                    Err(error) if Instant::now() > deadline => {
                        bail!("round {round}: a device could not sync after the faults: {error:#}")
                    }
                    Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
                }
            }
        }
        let waiting = devices
            .iter()
            .any(|d| d.state.outbox().iter().any(|e| e.is_sendable()));
        quiet_rounds = if waiting { 0 } else { quiet_rounds + 1 };
        if quiet_rounds == 2 {
            break;
        }
    }
    ensure!(
        quiet_rounds == 2,
        "devices still had writes to send after every round"
    );
    let convergence = converging.elapsed();
    let server_state = read_server(&product.database_url()).await?;
    let conflicts = server_state.conflicts.len();
    let merger_device = coordinator.as_ref().map(|c| c.state.device_id());
    let record_of: HashMap<Uuid, Uuid> = written.iter().map(|w| (w.op_id, w.record)).collect();
    let redirected = server_state
        .log
        .iter()
        .filter(|c| record_of.get(&c.op_id).is_some_and(|r| *r != c.record))
        .count();
    check(
        &devices,
        &written,
        &server_state,
        log_before_restore.as_deref(),
        merger_device,
    )?;
    check_signed_log(&product, &server_state).await?;
    if let Some(coordinator) = &coordinator {
        check_counts(coordinator, &server_state).await?;
    }
    slot.kill();
    Ok(Outcome {
        writes: written.len(),
        records: server_state.records.len(),
        conflicts,
        kills: kills.load(std::sync::atomic::Ordering::SeqCst),
        faults,
        faulty_phase,
        convergence,
        restored,
        merged,
        redirected,
        decisions: decided_by
            .keys()
            .filter(|id| server_state.records.contains_key(id))
            .count(),
        contested_decisions: decided_by.values().filter(|n| **n > 1).count(),
    })
}

const COORDINATOR: &str = "koordinator";

/// The coordinator's part: now and then, two foreign nationals it holds are merged —
/// through the faulty network, each request retried until it is answered (a merge sent
/// twice is answered as the same merge). Returns the device and how many merges it made.
async fn merge_while_working(
    mut device: NativeDevice,
    merges: usize,
    seed: u64,
) -> anyhow::Result<(NativeDevice, usize)> {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x6D65_7267_6521);
    let mut merged = 0;
    for _ in 0..merges {
        tokio::time::sleep(Duration::from_millis(rng.random_range(200..600))).await;
        let _ = device.sync().await;
        let live: Vec<Uuid> = device
            .state
            .records()
            .filter(|r| r.entity == "subject" && r.is_live())
            .map(|r| r.id)
            .collect();
        if live.len() < 2 {
            continue;
        }
        let survivor = live[rng.random_range(0..live.len())];
        let merged_id = live[rng.random_range(0..live.len())];
        if survivor == merged_id {
            continue;
        }
        let body = json!({"survivor": survivor, "merged": merged_id});
        for _ in 0..50 {
            match device
                .call("/api/duplicates/merge", Some(body.clone()))
                .await
            {
                Ok((200, answer)) => {
                    if answer["repeated"] != true {
                        merged += 1;
                    }
                    break;
                }
                // Refused for good: one of them was deleted or merged meanwhile.
                Ok((status, _)) if (400..500).contains(&status) => break,
                _ => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }
    Ok((device, merged))
}

/// Counts count people: the stats count exactly the live foreign nationals that were not
/// merged into another.
async fn check_counts(coordinator: &NativeDevice, server: &ServerState) -> anyhow::Result<()> {
    let people = server
        .records
        .iter()
        .filter(|(id, _)| server.subjects.contains(id))
        .filter(|(_, fields)| {
            fields.get("deleted") != Some(&Value::Bool(true))
                && fields.get("merged_into").is_none_or(Value::is_null)
        })
        .count();
    let (status, answer) = coordinator
        .call("/api/stats?measure=subjects", None)
        .await?;
    ensure!(status == 200, "the stats were refused: {answer}");
    ensure!(
        answer["total"].as_u64() == Some(people as u64),
        "the stats count {} foreign nationals, the records hold {people} live and unmerged",
        answer["total"]
    );
    Ok(())
}

/// One change-log row.
struct Change {
    seq: i64,
    op_id: Uuid,
    record: Uuid,
    device: Uuid,
    hlc: String,
    /// (field, old, new)
    changes: Vec<(String, Value, Value)>,
}

/// The server's consolidated state, read from its database.
struct ServerState {
    records: BTreeMap<Uuid, FieldMap>,
    /// The ids of the records that are foreign nationals.
    subjects: BTreeSet<Uuid>,
    log: Vec<Change>,
    /// (record, field, losing stamp)
    conflicts: Vec<(Uuid, String, String)>,
}

/// Every inspection final on the server came with its officer's signature and is in the
/// signed-record log, and the log re-computes (`pantau audit verify`).
async fn check_signed_log(product: &Product, server: &ServerState) -> anyhow::Result<()> {
    let pool = sqlx::AnyPool::connect(&product.database_url()).await?;
    let logged: Vec<(String,)> = sqlx::query_as("SELECT DISTINCT record_id FROM signed_log")
        .fetch_all(&pool)
        .await?;
    let logged: BTreeSet<String> = logged.into_iter().map(|(id,)| id).collect();
    let unsigned: Vec<&Uuid> = server
        .records
        .iter()
        .filter(|(_, fields)| {
            fields.get("status").and_then(Value::as_str) == Some("final")
                && fields.contains_key("started_at")
        })
        .map(|(id, _)| id)
        .filter(|id| !logged.contains(&id.to_string()))
        .collect();
    ensure!(
        unsigned.is_empty(),
        "{} final inspections have no signed finalization in the log, e.g. {:?}",
        unsigned.len(),
        unsigned.first()
    );
    product.run(&["audit", "verify"], "")?;
    Ok(())
}

async fn read_server(url: &str) -> anyhow::Result<ServerState> {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await?;
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT id, entity, fields FROM records")
            .fetch_all(&pool)
            .await?;
    let mut records = BTreeMap::new();
    let mut subjects = BTreeSet::new();
    for (id, entity, fields) in rows {
        let values: FieldMap = serde_json::from_str(&fields)?;
        let id = Uuid::parse_str(&id)?;
        if entity == "subject" {
            subjects.insert(id);
        }
        records.insert(id, values);
    }
    let rows: Vec<(i64, String, String, String, String, String)> = sqlx::query_as(
        "SELECT seq, op_id, record_id, device_id, hlc, changes FROM change_log ORDER BY seq",
    )
    .fetch_all(&pool)
    .await?;
    let mut log = Vec::new();
    for (seq, op_id, record, device, hlc, changes) in rows {
        let changes: Vec<Value> = serde_json::from_str(&changes)?;
        log.push(Change {
            seq,
            op_id: Uuid::parse_str(&op_id)?,
            record: Uuid::parse_str(&record)?,
            device: Uuid::parse_str(&device)?,
            hlc,
            changes: changes
                .into_iter()
                .map(|c| {
                    (
                        c["field"].as_str().unwrap_or_default().to_string(),
                        c["old"].clone(),
                        c["new"].clone(),
                    )
                })
                .collect(),
        });
    }
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT record_id, field, losing_hlc FROM conflicts")
            .fetch_all(&pool)
            .await?;
    let conflicts = rows
        .into_iter()
        .map(|(record, field, hlc)| Ok((Uuid::parse_str(&record)?, field, hlc)))
        .collect::<anyhow::Result<_>>()?;
    pool.close().await;
    Ok(ServerState {
        records,
        subjects,
        log,
        conflicts,
    })
}

/// After the change that finalized an inspection, neither it nor its findings changed
/// again, but for what `taken_first(finalization, later)` says the server took first (a
/// write sent again that changed nothing is logged, empty). Findings are known by the
/// server's records.
fn check_final_is_final(
    log: &[Change],
    server: &ServerState,
    taken_first: impl Fn(&Change, &Change) -> bool,
) -> anyhow::Result<()> {
    for change in log {
        let finalized = change
            .changes
            .iter()
            .any(|(field, _, new)| field == "status" && new == "final");
        if !finalized {
            continue;
        }
        for later in log
            .iter()
            .filter(|c| c.seq > change.seq && !c.changes.is_empty())
        {
            let parent = server
                .records
                .get(&later.record)
                .and_then(|r| r.get("inspection_id"))
                .and_then(Value::as_str);
            let touches =
                later.record == change.record || parent == Some(change.record.to_string().as_str());
            ensure!(
                !touches || taken_first(change, later),
                "inspection {} changed after it was finalized (change {})",
                change.record,
                later.seq
            );
        }
    }
    Ok(())
}

/// The four promises of the sync, checked against what the devices wrote. After a
/// restore, writes sent again were made having seen cursors of the server's past, so the
/// server may ask for more review than the log explains; it may never ask for less.
fn check(
    devices: &[NativeDevice],
    written: &[Written],
    server: &ServerState,
    log_before_restore: Option<&[Change]>,
    merger: Option<Uuid>,
) -> anyhow::Result<()> {
    let restored = log_before_restore.is_some();
    // A merge's writes are the coordinator's, not a device's: they are checked as the
    // values every later write met, not as writes that must appear. So are the writes a
    // device relayed to the restored server: another device's, under that device's stamp.
    let by_merger = |change: &Change| Some(change.device) == merger;
    let relayed = |change: &Change| {
        pantau_shared::sync::Hlc::parse(&change.hlc).is_ok_and(|hlc| hlc.device != change.device)
    };
    ensure!(
        restored || !server.log.iter().any(|c| !by_merger(c) && relayed(c)),
        "a write was relayed to a server that was never restored"
    );
    // A relayed write carries a write some device made: the same record and stamp.
    let made: BTreeSet<(Uuid, &str)> = server
        .log
        .iter()
        .filter(|c| !relayed(c))
        .map(|c| (c.record, c.hlc.as_str()))
        .collect();
    for change in server.log.iter().filter(|c| relayed(c)) {
        ensure!(
            made.contains(&(change.record, change.hlc.as_str())),
            "change {} relays a write no device made",
            change.seq
        );
    }
    // Convergence: every device holds exactly the server's records, as the server has
    // them; what the officer sees equals it wherever nothing waits to be sent.
    for device in devices {
        let held: BTreeMap<Uuid, &FieldMap> = device
            .state
            .records()
            .filter(|r| !r.server.is_empty())
            .map(|r| (r.id, &r.server))
            .collect();
        let expected: BTreeMap<Uuid, &FieldMap> =
            server.records.iter().map(|(id, f)| (*id, f)).collect();
        ensure!(
            held == expected,
            "device {} did not converge: it holds {} records, the server {}",
            device.state.device_id(),
            held.len(),
            expected.len()
        );
        for record in device.state.records() {
            if !device.state.has_pending(record.id) {
                ensure!(
                    record.fields == record.server,
                    "device shows other values than the server for {}",
                    record.id
                );
            }
        }
        // The only refusal a correct device meets here: a record finalized elsewhere.
        for entry in device.state.outbox() {
            let code = entry.rejected.as_ref().map(|e| e.code.as_str());
            ensure!(
                code == Some("finalized"),
                "an unexpected refusal stays on a device: {:?}",
                entry.rejected
            );
        }
    }

    // No loss, no duplicates: every write the server did not refuse is in the change log
    // exactly once, and nothing else is; every record created exists.
    let refused: BTreeSet<Uuid> = devices
        .iter()
        .flat_map(|d| d.state.outbox().iter().map(|e| e.mutation.op_id))
        .collect();
    let accepted: BTreeSet<Uuid> = written
        .iter()
        .map(|w| w.op_id)
        .filter(|op| !refused.contains(op))
        .collect();
    let logged: Vec<Uuid> = server
        .log
        .iter()
        .filter(|c| !by_merger(c) && !relayed(c))
        .map(|c| c.op_id)
        .collect();
    let logged_set: BTreeSet<Uuid> = logged.iter().copied().collect();
    ensure!(
        logged.len() == logged_set.len(),
        "an op is in the change log twice"
    );
    ensure!(
        logged_set == accepted,
        "the change log holds {} writes, the devices made {} that were not refused \
         ({} missing, {} unknown)",
        logged_set.len(),
        accepted.len(),
        accepted.difference(&logged_set).count(),
        logged_set.difference(&accepted).count()
    );
    for write in written.iter().filter(|w| accepted.contains(&w.op_id)) {
        ensure!(
            server.records.contains_key(&write.record),
            "record {} was written but does not exist",
            write.record
        );
    }

    // Nothing silently dropped: every value that lost — at the merge, or overwritten by
    // a device that had not seen it — is in the conflict log.
    let by_op: HashMap<Uuid, &Written> = written.iter().map(|w| (w.op_id, w)).collect();
    let logged_conflicts: BTreeSet<(Uuid, String, String)> =
        server.conflicts.iter().cloned().collect();
    let mut expected_conflicts = BTreeSet::new();
    // (record, field) → the change that set the current value
    let mut setter: HashMap<(Uuid, String), &Change> = HashMap::new();
    for change in &server.log {
        if by_merger(change) || relayed(change) {
            for (field, _, _) in &change.changes {
                setter.insert((change.record, field.clone()), change);
            }
            continue;
        }
        let write = by_op
            .get(&change.op_id)
            .context("a change-log entry no device wrote")?;
        for field in write.fields.keys() {
            // A value the record holds from this very write, relayed first, did not lose.
            let held_already = setter
                .get(&(change.record, field.clone()))
                .is_some_and(|setter| setter.hlc == change.hlc);
            if !change.changes.iter().any(|(f, _, _)| f == field) && !held_already {
                expected_conflicts.insert((change.record, field.clone(), change.hlc.clone()));
            }
        }
        for (field, old, new) in &change.changes {
            let key = (change.record, field.clone());
            // Whose value it was is the stamp's device: a relayed value is its maker's.
            let made_by = |c: &Change| {
                pantau_shared::sync::Hlc::parse(&c.hlc).map_or(c.device, |hlc| hlc.device)
            };
            if let Some(previous) = setter.get(&key)
                && made_by(previous) != change.device
                && previous.seq > write.seen_up_to
                && old != new
            {
                expected_conflicts.insert((change.record, field.clone(), previous.hlc.clone()));
            }
            setter.insert(key, change);
        }
    }
    let missing: Vec<_> = expected_conflicts.difference(&logged_conflicts).collect();
    ensure!(
        missing.is_empty(),
        "{} losing values are not in the conflict log, e.g. {:?}",
        missing.len(),
        missing.first()
    );
    let unexplained: Vec<_> = logged_conflicts.difference(&expected_conflicts).collect();
    ensure!(
        unexplained.is_empty() || restored,
        "{} conflicts were logged that no write explains, e.g. {:?}",
        unexplained.len(),
        unexplained.first()
    );

    // Final is final, in the order the server took the writes. A restored server may take
    // again a write its predecessor took before the finalization, when the finalization
    // reached it first: that, and only that, may follow a finalization in its log.
    if let Some(lost) = log_before_restore {
        check_final_is_final(lost, server, |_, _| false)?;
        let taken_at: HashMap<(Uuid, &str), i64> = lost
            .iter()
            .map(|c| ((c.record, c.hlc.as_str()), c.seq))
            .collect();
        let taken = |change: &Change| taken_at.get(&(change.record, change.hlc.as_str())).copied();
        check_final_is_final(&server.log, server, |finalization, later| {
            taken(later).is_some_and(|seq| seq < taken(finalization).unwrap_or(i64::MAX))
        })?;
    } else {
        check_final_is_final(&server.log, server, |_, _| false)?;
    }
    Ok(())
}
