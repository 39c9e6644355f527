//! The demo: a clearly fake Tim PORA Kabupaten Jembrana with accounts for every role,
//! foreign nationals across Bali, inspections with findings and a Rakor. Every name and
//! number is generated; passports start with `DM` and notes say the data is fictitious.
//! Records enter through the same push path as a device's, so they are validated,
//! merged and logged like any other.

use crate::cli::{NewUser, add_team, add_user};
use crate::db::{Db, now_ms};
use crate::sync::push::{Incoming, Writer, apply_batch};
use pantau_shared::region::RegionCode;
use pantau_shared::sync::Hlc;
use serde_json::{Value, json};
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

const GIVEN: &[&str] = &[
    "Alex", "Sam", "Robin", "Kim", "Jordan", "Casey", "Taylor", "Morgan", "Avery", "Riley",
    "Quinn", "Jamie",
];
const SURNAMES: &[&str] = &["Contoh", "Sampel", "Fiktif", "Percobaan", "Demo", "Uji"];
/// Nationalities weighted roughly like Bali's foreign residents and visitors.
const NATIONALITIES: &[(&str, u32)] = &[
    ("AUS", 22),
    ("RUS", 14),
    ("USA", 8),
    ("GBR", 7),
    ("CHN", 7),
    ("DEU", 6),
    ("FRA", 5),
    ("IND", 5),
    ("UKR", 4),
    ("NLD", 4),
    ("JPN", 3),
    ("KOR", 3),
    ("SGP", 3),
    ("MYS", 3),
    ("NZL", 2),
    ("CAN", 2),
    ("ITA", 2),
];
const VILLAGES: &[&str] = &[
    "51.01.04.1001",
    "51.01.01.1006",
    "51.01.02.2001",
    "51.01.03.2001",
    "51.01.05.2001",
    "51.03.05.1001",
    "51.03.06.1001",
    "51.71.01.1001",
    "51.04.01.1001",
    "51.08.01.1001",
    "51.07.01.1001",
];

/// A small deterministic generator, so every demo is the same.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u32) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % u64::from(below.max(1))) as u32
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next(items.len() as u32) as usize]
    }

    fn weighted(&mut self, items: &[(&'static str, u32)]) -> &'static str {
        let total: u32 = items.iter().map(|(_, w)| w).sum();
        let mut roll = self.next(total);
        for (item, weight) in items {
            if roll < *weight {
                return item;
            }
            roll -= weight;
        }
        items[0].0
    }
}

/// The teams the demo adds.
const DEMO_TEAMS: &[&str] = &["kanwil-bali", "jembrana"];

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
        .filter(|id| !DEMO_TEAMS.contains(&id.as_str()))
        .map(|id| format!("team {id}"))
        .chain(
            db.accounts()
                .await?
                .into_iter()
                .map(|account| account.username)
                .filter(|name| name != "admin" && !DEMO_ACCOUNTS.iter().any(|a| a.0 == name))
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
    add_team(db, "kanwil-bali", "Kanwil Bali (contoh)", "51").await?;
    add_team(
        db,
        "jembrana",
        "Tim PORA Kabupaten Jembrana (contoh)",
        "51.01",
    )
    .await?;
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
    let roster = db.team_roster("jembrana").await?;
    let writer = Writer {
        officer_id: roster.first().map_or_else(Uuid::nil, |o| o.id),
        device_id: Uuid::now_v7(),
        scope: Some(RegionCode::parse("51").map_err(|e| anyhow::anyhow!("{e}"))?),
        pulled_cursor: i64::MAX,
        merges: false,
    };
    let mutations = demo_mutations(&writer, &roster.iter().map(|o| o.id).collect::<Vec<_>>());
    for batch in mutations.chunks(500) {
        let batch = batch.iter().cloned().map(Incoming::from_value).collect();
        let results = apply_batch(db, &writer, batch, now_ms(), |results| results).await?;
        if let Some(refused) = results.iter().find(|r| r.error.is_some()) {
            anyhow::bail!("a demo record was refused: {:?}", refused.error);
        }
    }
    println!("Demo data seeded: Tim PORA Jembrana (contoh). Demo password: {DEMO_PASSWORD}");
    Ok(())
}

fn demo_mutations(writer: &Writer, members: &[Uuid]) -> Vec<Value> {
    let mut rng = Lcg(0x5eed_0051_0100);
    let mut out = Vec::new();
    let mut counter = 0u32;
    let base_ms = now_ms() as u64 - 60_000;
    let mut mutation = |entity: &str, id: Uuid, fields: Value| {
        counter += 1;
        let hlc = Hlc {
            millis: base_ms,
            counter,
            device: writer.device_id,
        };
        json!({"op_id": Uuid::now_v7(), "entity": entity, "id": id, "hlc": hlc.to_string(), "fields": fields})
    };
    let today = time::OffsetDateTime::now_utc().date();
    let date = |offset_days: i64| (today + time::Duration::days(offset_days)).to_string();

    let mut jembrana_subjects = Vec::new();
    for n in 0..200 {
        let id = Uuid::now_v7();
        let region = if n % 3 == 0 {
            VILLAGES[(n / 3) % 5]
        } else {
            rng.pick(VILLAGES)
        };
        let nationality = rng.weighted(NATIONALITIES);
        let permit = ["ITK", "ITK", "ITAS", "ITAS", "ITAP"][rng.next(5) as usize];
        let expiry_offset = i64::from(rng.next(400)) - 80;
        let mut fields = json!({
            "region_code": region,
            "full_name": format!("{} {} {:03}", rng.pick(GIVEN), rng.pick(SURNAMES), n),
            "nationality": nationality,
            "sex": (["M", "F"][rng.next(2) as usize]),
            "date_of_birth": date(-365 * i64::from(22 + rng.next(45)) - i64::from(rng.next(365))),
            "document_type": "passport",
            "passport_number": format!("DM{:07}", 1_000_000 + n * 7919 % 8_999_999),
            "passport_issuing_country": nationality,
            "passport_expiry": date(365 * i64::from(1 + rng.next(8))),
            "visa_code": if permit == "ITK" { "C1" } else { "E33G" },
            "permit_type": permit,
            "permit_number": format!("CONTOH-{permit}-{n:04}"),
            "permit_start": date(expiry_offset - 180),
            "permit_expiry": date(expiry_offset),
            "stay_type": (["villa", "hotel", "homestay", "house", "kos"][rng.next(5) as usize]),
            "address": format!("Jl. Contoh No. {} (fiktif)", 1 + rng.next(120)),
            "notes": "Data contoh (fiktif) untuk demo Pantau.",
        });
        if permit == "ITAP" && n % 2 == 0 {
            fields["nik"] = json!(format!(
                "510104{:02}0{}8500{:02}",
                1 + rng.next(28),
                1 + rng.next(9),
                n % 100
            ));
        }
        if region.starts_with("51.01") {
            jembrana_subjects.push((id, region, expiry_offset));
        }
        out.push(mutation("subject", id, fields));
    }

    for (index, chunk) in jembrana_subjects.chunks(3).take(20).enumerate() {
        let inspection_id = Uuid::now_v7();
        let region = chunk[0].1;
        let finalized = index % 2 == 0;
        let mut inspection = json!({
            "region_code": region,
            "started_at": format!("{}T{:02}:30:00+08:00", date(-(index as i64) * 4 - 1), 8 + index % 9),
            "place_name": format!("Vila Contoh {}", index + 1),
            "place_type": (["villa", "hotel", "workplace", "homestay"][index % 4]),
            "address": format!("Jl. Fiktif No. {}", index + 3),
            "latitude": -8.35 + f64::from(rng.next(100)) / 1000.0,
            "longitude": 114.6 + f64::from(rng.next(100)) / 1000.0,
            "gps_accuracy_m": 8 + rng.next(20),
            "operation_type": (["routine", "joint", "special"][index % 3]),
            "warrant_number": format!("SPRIN/CONTOH/{:03}/XI/2026", index + 1),
            "officer_ids": members.iter().take(3 + index % 4).map(Uuid::to_string).collect::<Vec<_>>(),
            "agencies": ["IMIGRASI", "POLRES", "SATPOL_PP"],
            "notes": "Pemeriksaan contoh (fiktif).",
            "status": "draft",
        });
        for (subject_id, _, expiry_offset) in chunk {
            let overstay = *expiry_offset < 0;
            let violations: Vec<&str> = if overstay {
                vec!["overstay"]
            } else if rng.next(4) == 0 {
                vec!["permit_misuse"]
            } else {
                vec![]
            };
            out.push(mutation("finding", Uuid::now_v7(), json!({
                "region_code": region,
                "inspection_id": inspection_id,
                "subject_id": subject_id,
                "documents_shown": ["passport", "stay_permit"],
                "violations": violations,
                "field_action": if violations.is_empty() { "none" } else { "advice" },
                "recommended_action": if overstay { "overstay_fee" } else { "permit_restriction" },
                "notes": "Temuan contoh (fiktif).",
            })));
        }
        if finalized {
            inspection["status"] = json!("final");
        }
        out.push(mutation("inspection", inspection_id, inspection));
    }

    let meeting_id = Uuid::now_v7();
    out.push(mutation(
        "election_period",
        Uuid::now_v7(),
        json!({
            "region_code": "51.01",
            "name": "Pemilihan Contoh 2027 (fiktif)",
            "campaign_start": date(30), "campaign_end": date(90), "voting_day": date(95),
        }),
    ));
    out.push(mutation("meeting", meeting_id, json!({
        "region_code": "51.01",
        "date": date(-7),
        "place": "Aula Kantor Imigrasi (contoh)",
        "theme": "Kewaspadaan Terhadap Pemilu",
        "chair": "Koordinator Demo (Imigrasi)",
        "attendee_ids": members.iter().map(Uuid::to_string).collect::<Vec<_>>(),
        "attending_agencies": ["IMIGRASI", "POLRES", "KODIM", "KEJARI", "KESBANGPOL", "KPU", "BAWASLU", "SATPOL_PP", "DISNAKER", "DUKCAPIL"],
        "agenda": "1. Situasi orang asing di Jembrana\n2. Kewaspadaan menjelang pemilu\n3. Rencana operasi gabungan",
        "minutes": "Notulen contoh (fiktif).",
        "decisions": "Operasi gabungan di kawasan pesisir; pemadanan data WNA pemegang KTP-el dengan DPT.",
    })));
    let actions = [
        (
            "Pemadanan data WNA ber-NIK dengan DPT",
            "DUKCAPIL",
            14,
            "open",
        ),
        (
            "Operasi gabungan kawasan Gilimanuk",
            "IMIGRASI",
            -2,
            "in_progress",
        ),
        (
            "Sosialisasi larangan kegiatan politik bagi WNA kepada pengelola vila",
            "KESBANGPOL",
            21,
            "open",
        ),
        (
            "Laporan tamu asing dari hotel dan vila",
            "DISPAR",
            -10,
            "done",
        ),
    ];
    for (description, agency, due, status) in actions {
        out.push(mutation(
            "action_item",
            Uuid::now_v7(),
            json!({
                "region_code": "51.01", "meeting_id": meeting_id, "description": description,
                "owner_agency": agency, "due_date": date(due), "status": status,
            }),
        ));
    }
    out
}
