//! The demo: a clearly fake Tim PORA in each of Bali's nine regencies and cities, under
//! the province's three immigration offices, with 18 months of history (see [`history`]):
//! accounts for every role in Jembrana's team, a coordinator for each other team, and the
//! Kanwil. Every name and number is generated; passports start with `DM` and notes say
//! the data is fictitious. Records enter through the same push path as a device's, so
//! they are validated, merged and logged like any other.

mod history;
mod voters;

pub use history::Scale;

use crate::cli::{NewUser, add_team, add_user};
use crate::db::{Db, now_ms};
use crate::sync::push::{Incoming, Writer, apply_batch};
use pantau_shared::meeting::RakorRight;
use pantau_shared::region::RegionCode;
use uuid::Uuid;

/// The password of every demo account (listed in the README).
pub const DEMO_PASSWORD: &str = "demo-pantau";

/// Demo accounts: username, name, role, team, agency.
pub const DEMO_ACCOUNTS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "koordinator",
        "Koordinator Demo (Imigrasi)",
        "coordinator",
        "jembrana",
        "IMIGRASI",
    ),
    (
        "petugas",
        "Petugas Demo (Imigrasi)",
        "field",
        "jembrana",
        "IMIGRASI",
    ),
    (
        "polres",
        "Anggota Demo (Polres)",
        "field",
        "jembrana",
        "POLRES",
    ),
    (
        "kodim",
        "Anggota Demo (Kodim)",
        "field",
        "jembrana",
        "KODIM",
    ),
    (
        "kejari",
        "Anggota Demo (Kejari)",
        "field",
        "jembrana",
        "KEJARI",
    ),
    ("bin", "Anggota Demo (BIN)", "field", "jembrana", "BIN"),
    ("bnn", "Anggota Demo (BNN)", "field", "jembrana", "BNN"),
    (
        "lanal",
        "Anggota Demo (Lanal)",
        "field",
        "jembrana",
        "LANAL",
    ),
    (
        "kesbangpol",
        "Anggota Demo (Kesbangpol)",
        "field",
        "jembrana",
        "KESBANGPOL",
    ),
    (
        "satpolpp",
        "Anggota Demo (Satpol PP)",
        "field",
        "jembrana",
        "SATPOL_PP",
    ),
    (
        "disnaker",
        "Anggota Demo (Disnaker)",
        "field",
        "jembrana",
        "DISNAKER",
    ),
    (
        "dukcapil",
        "Anggota Demo (Dukcapil)",
        "field",
        "jembrana",
        "DUKCAPIL",
    ),
    (
        "dpmptsp",
        "Anggota Demo (DPMPTSP)",
        "field",
        "jembrana",
        "DPMPTSP",
    ),
    (
        "dispar",
        "Anggota Demo (Dinas Pariwisata)",
        "field",
        "jembrana",
        "DISPAR",
    ),
    ("kpu", "Anggota Demo (KPU)", "field", "jembrana", "KPU"),
    (
        "bawaslu",
        "Anggota Demo (Bawaslu)",
        "field",
        "jembrana",
        "BAWASLU",
    ),
    (
        "kanwil",
        "Analis Demo (Kanwil)",
        "central",
        "kanwil-bali",
        "KANWIL",
    ),
    ("admin-demo", "Admin Demo", "admin", "", "IMIGRASI"),
];

/// One of the demo's Tim PORA.
pub struct DemoTeam {
    pub id: &'static str,
    pub name: &'static str,
    pub region: &'static str,
    /// The immigration office (Kantor Imigrasi) the team's coordinator works for.
    pub office: &'static str,
    /// How much foreigner traffic the regency sees, relative to the others: Badung and
    /// Denpasar most, Bangli least.
    pub weight: u32,
}

const SINGARAJA: &str = "Kanim Singaraja";
const DENPASAR: &str = "Kanim Denpasar";
const NGURAH_RAI: &str = "Kanim Ngurah Rai";

/// The nine regency and city teams; Jembrana's has an account for every agency.
pub const DEMO_TEAMS: &[DemoTeam] = &[
    DemoTeam {
        id: "jembrana",
        name: "Tim PORA Kabupaten Jembrana (contoh)",
        region: "51.01",
        office: SINGARAJA,
        weight: 8,
    },
    DemoTeam {
        id: "tabanan",
        name: "Tim PORA Kabupaten Tabanan (contoh)",
        region: "51.02",
        office: DENPASAR,
        weight: 6,
    },
    DemoTeam {
        id: "badung",
        name: "Tim PORA Kabupaten Badung (contoh)",
        region: "51.03",
        office: NGURAH_RAI,
        weight: 35,
    },
    DemoTeam {
        id: "gianyar",
        name: "Tim PORA Kabupaten Gianyar (contoh)",
        region: "51.04",
        office: DENPASAR,
        weight: 15,
    },
    DemoTeam {
        id: "klungkung",
        name: "Tim PORA Kabupaten Klungkung (contoh)",
        region: "51.05",
        office: DENPASAR,
        weight: 5,
    },
    DemoTeam {
        id: "bangli",
        name: "Tim PORA Kabupaten Bangli (contoh)",
        region: "51.06",
        office: SINGARAJA,
        weight: 3,
    },
    DemoTeam {
        id: "karangasem",
        name: "Tim PORA Kabupaten Karangasem (contoh)",
        region: "51.07",
        office: DENPASAR,
        weight: 6,
    },
    DemoTeam {
        id: "buleleng",
        name: "Tim PORA Kabupaten Buleleng (contoh)",
        region: "51.08",
        office: SINGARAJA,
        weight: 8,
    },
    DemoTeam {
        id: "denpasar",
        name: "Tim PORA Kota Denpasar (contoh)",
        region: "51.71",
        office: DENPASAR,
        weight: 18,
    },
];

/// The Kanwil's team, over the whole province.
const KANWIL_TEAM: &str = "kanwil-bali";

/// The coordinator of a team other than Jembrana: `koordinator-<team>`.
fn coordinator_username(team: &DemoTeam) -> String {
    format!("koordinator-{}", team.id)
}

fn is_demo_account(username: &str) -> bool {
    DEMO_ACCOUNTS.iter().any(|a| a.0 == username)
        || DEMO_TEAMS
            .iter()
            .any(|team| coordinator_username(team) == username)
}

/// Set in `settings` once a database holds the demo: its accounts share a published
/// password, and every page the server sends says so.
const DEMO_SETTING: &str = "demo";

/// Whether the database holds the demo's accounts.
pub async fn is_seeded(db: &Db) -> sqlx::Result<bool> {
    Ok(db.setting_i64(DEMO_SETTING).await? == Some(1))
}

/// Seeds the demo once; later calls find it and do nothing. A database that holds
/// anything but the demo's own teams and accounts (and the first administrator) is
/// refused: demo accounts have a published password and must never sit beside real
/// data.
pub async fn seed(db: &Db) -> anyhow::Result<()> {
    let strangers: Vec<String> = db
        .team_ids()
        .await?
        .into_iter()
        .filter(|id| id != KANWIL_TEAM && !DEMO_TEAMS.iter().any(|team| team.id == id))
        .map(|id| format!("team {id}"))
        .chain(
            db.accounts()
                .await?
                .into_iter()
                .map(|account| account.username)
                .filter(|name| name != "admin" && !is_demo_account(name))
                .map(|name| format!("account {name}")),
        )
        .collect();
    if !strangers.is_empty() {
        anyhow::bail!(
            "--demo refused: this database holds data that is not the demo's ({}). \
             Demo accounts share a published password; run the demo on an empty data \
             directory or database instead.",
            strangers.join(", ")
        );
    }
    // Marked before anything is added: every screen shows that this is the demo.
    db.put_setting(DEMO_SETTING, "1").await?;
    if db.team("jembrana").await?.is_some() {
        return Ok(());
    }
    add_team(db, KANWIL_TEAM, "Kanwil Bali (contoh)", "51").await?;
    for team in DEMO_TEAMS {
        add_team(db, team.id, team.name, team.region).await?;
    }
    for (username, name, role, team, agency) in DEMO_ACCOUNTS {
        let team = (!team.is_empty()).then_some(*team);
        let user = NewUser {
            username,
            name,
            role,
            team,
            agency,
        };
        add_user(db, &user, DEMO_PASSWORD.to_string()).await?;
    }
    for team in DEMO_TEAMS.iter().filter(|team| team.id != "jembrana") {
        let username = coordinator_username(team);
        let name = format!("Koordinator Demo ({})", team.office);
        let user = NewUser {
            username: &username,
            name: &name,
            role: "coordinator",
            team: Some(team.id),
            agency: "IMIGRASI",
        };
        add_user(db, &user, DEMO_PASSWORD.to_string()).await?;
    }
    // A tablet of each team was last in touch a while ago, one of them over a week ago:
    // the teams' screen shows how fresh each team's data is.
    for (team, hours) in DEMO_TEAMS.iter().zip(DEMO_LAST_CONTACT_HOURS) {
        let Some(member) = db.team_roster(team.id).await?.first().map(|o| o.id) else {
            continue;
        };
        let name = format!("Tablet contoh ({})", team.name);
        let (device, _) = db.register_device(Uuid::now_v7(), member, &name).await?;
        db.set_device_last_seen(device, now_ms() - hours * 3_600_000)
            .await?;
    }
    let (writer, rosters) = history_writer(db).await?;
    let mut mutations = Vec::new();
    history::generate(
        history::DEMO_SCALE,
        &rosters,
        office_today(),
        (writer.device_id, now_ms() as u64 - 60_000),
        DEMO_SEED,
        &mut |mutation| mutations.push(mutation),
    );
    for batch in mutations.chunks(500) {
        apply(db, &writer, batch.to_vec()).await?;
    }
    apply(
        db,
        &writer,
        voters::mutations(writer.device_id, now_ms() as u64 - 30_000),
    )
    .await?;
    println!(
        "Demo data seeded: nine Tim PORA across Bali (contoh), {} records. Demo password: {DEMO_PASSWORD}",
        mutations.len()
    );
    Ok(())
}

/// Hours since each demo team's tablet was last in touch, in [`DEMO_TEAMS`] order.
const DEMO_LAST_CONTACT_HOURS: [i64; 9] = [2, 5, 1, 20, 3, 30, 200, 9, 48];

/// The demo's generator starts from the same state every time.
const DEMO_SEED: u64 = 0x5eed_0051_0100;

fn office_today() -> time::Date {
    crate::clock::Clock::system().office_today()
}

/// The writer the demo's records are pushed as (Jembrana's first officer, on a device of
/// its own, over the province) and the demo teams' members, in [`DEMO_TEAMS`] order.
async fn history_writer(db: &Db) -> anyhow::Result<(Writer, Vec<Vec<Uuid>>)> {
    let mut rosters = Vec::new();
    for team in DEMO_TEAMS {
        let members = db.team_roster(team.id).await?;
        rosters.push(members.iter().map(|o| o.id).collect::<Vec<_>>());
    }
    let writer = Writer {
        officer_id: rosters[0].first().copied().unwrap_or_else(Uuid::nil),
        device_id: Uuid::now_v7(),
        scope: Some(RegionCode::parse("51").map_err(|e| anyhow::anyhow!("{e}"))?),
        pulled_cursor: i64::MAX,
        merges: false,
        // The demo's history holds the office's decisions too.
        decides: true,
        issues_orders: true,
        manages_elections: true,
        rakor: RakorRight::KeepsMinutes,
    };
    Ok((writer, rosters))
}

/// Pushes one batch through the device path; a refused record is a bug in the generator.
async fn apply(db: &Db, writer: &Writer, batch: Vec<serde_json::Value>) -> anyhow::Result<()> {
    let batch = batch.into_iter().map(Incoming::from_value).collect();
    let results = apply_batch(db, writer, batch, now_ms(), |results| results).await?;
    if let Some(refused) = results.iter().find(|r| r.error.is_some()) {
        anyhow::bail!("a demo record was refused: {:?}", refused.error);
    }
    Ok(())
}

/// Fills a demo database at benchmark scale: the demo (seeded first if it is not there,
/// refused beside real data as `--demo` is), then `scale` more history across the nine
/// teams, streamed to the database 1,000 records a batch with progress on stdout.
pub async fn generate(db: &Db, scale: history::Scale) -> anyhow::Result<()> {
    seed(db).await?;
    let (writer, rosters) = history_writer(db).await?;
    let (sender, mut batches) = tokio::sync::mpsc::channel::<Vec<serde_json::Value>>(4);
    let device = writer.device_id;
    let made = tokio::task::spawn_blocking(move || {
        let mut batch = Vec::with_capacity(GENERATED_BATCH);
        let mut open = true;
        history::generate(
            scale,
            &rosters,
            office_today(),
            (device, now_ms() as u64 - 60_000),
            DEMO_SEED ^ u64::from(scale.subjects) ^ (u64::from(scale.inspections) << 32),
            &mut |mutation| {
                batch.push(mutation);
                if batch.len() == GENERATED_BATCH && open {
                    // The database side stopped (it failed): stop sending.
                    open = sender.blocking_send(std::mem::take(&mut batch)).is_ok();
                }
            },
        );
        if open && !batch.is_empty() {
            let _ = sender.blocking_send(batch);
        }
    });
    let started = std::time::Instant::now();
    let mut written = 0usize;
    while let Some(batch) = batches.recv().await {
        written += batch.len();
        apply(db, &writer, batch).await?;
        if written % 50_000 < GENERATED_BATCH {
            println!(
                "{written} records written ({:.0} s)",
                started.elapsed().as_secs_f64()
            );
        }
    }
    made.await?;
    println!(
        "done: {written} records in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

const GENERATED_BATCH: usize = 1_000;
