//! The demo's 18 months of history, generated the same way on every run (at the demo's
//! size, or at a benchmark's with `pantau demo generate`): foreign
//! nationals in every regency with Bali's mix of nationalities and permits, inspections
//! spread over the months with findings, violations and the office's decisions, a Rakor
//! each quarter per team with follow-ups, and in Jembrana a past election period (its
//! campaign's checks tagged to it, some at campaign events finding political activity)
//! and one ahead, beside the province's elections of 2024. Each team's joint checks of a
//! month are made under that month's written order (an `operation`).

use super::{DEMO_TEAMS, DemoTeam};
use pantau_shared::decision::decision_id;
use pantau_shared::permit::OverstayRule;
use pantau_shared::region::{RegionCode, RegionLevel};
use pantau_shared::sync::Hlc;
use pantau_shared::wilayah;
use serde_json::{Value, json};
use time::{Date, Duration};
use uuid::Uuid;

/// How far back the history reaches, in days (18 months).
const HISTORY_DAYS: u32 = 548;

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
/// Permit types with the visa index that leads to each, most visitors on short stays.
const PERMITS: &[((&str, &str), u32)] = &[
    (("ITK", "C1"), 9),
    (("ITK", "B1"), 4),
    (("ITAS", "E33G"), 4),
    (("ITAS", "E23"), 3),
    (("ITAS", "E28A"), 2),
    (("ITAP", "E33G"), 2),
];
const STAYS: &[&str] = &["villa", "hotel", "homestay", "house", "kos"];
const PLACES: &[(&str, u32)] = &[
    ("villa", 8),
    ("hotel", 5),
    ("homestay", 4),
    ("workplace", 4),
    ("kos", 2),
    ("house", 2),
];
/// Violations other than overstay, as often as they are met.
const OTHER_VIOLATIONS: &[(&str, u32)] = &[
    ("permit_misuse", 5),
    ("unreported_guest", 4),
    ("no_document", 2),
    ("public_order", 1),
    ("false_information", 1),
];
const THEMES: &[&str] = &[
    "Evaluasi pengawasan orang asing triwulan",
    "Penanganan WNA bermasalah di kawasan wisata",
    "Pelaporan tamu asing oleh pengelola akomodasi",
    "Tenaga kerja asing di sektor pariwisata",
    "Kewaspadaan terhadap kegiatan politik WNA",
];
const AGENCIES_AT_RAKOR: &[&str] = &[
    "POLRES",
    "KODIM",
    "KEJARI",
    "KESBANGPOL",
    "SATPOL_PP",
    "DISNAKER",
    "DUKCAPIL",
    "DISPAR",
    "KPU",
    "BAWASLU",
];
const FOLLOW_UPS: &[(&str, &str)] = &[
    ("Operasi gabungan di kawasan vila", "IMIGRASI"),
    ("Pendataan tenaga kerja asing di tempat usaha", "DISNAKER"),
    (
        "Sosialisasi pelaporan tamu asing kepada pengelola akomodasi",
        "DISPAR",
    ),
    ("Pemadanan data WNA ber-NIK", "DUKCAPIL"),
    ("Patroli bersama kawasan pesisir", "POLRES"),
    ("Penertiban usaha tanpa izin milik WNA", "SATPOL_PP"),
    (
        "Sosialisasi larangan kegiatan politik bagi WNA",
        "KESBANGPOL",
    ),
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

    fn chance(&mut self, percent: u32) -> bool {
        self.next(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next(items.len() as u32) as usize]
    }

    fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u32 = items.iter().map(|(_, w)| w).sum();
        let mut roll = self.next(total);
        for (item, weight) in items {
            if roll < *weight {
                return *item;
            }
            roll -= weight;
        }
        items[0].0
    }
}

/// Mutations stamped by one writer, handed to `sink` in the order they are pushed.
struct Stamper<'a> {
    device: Uuid,
    millis: u64,
    counter: u32,
    sink: &'a mut dyn FnMut(Value),
}

/// Stamps keep a counter of at most five digits; past it the clock moves on a millisecond.
const COUNTER_LIMIT: u32 = 99_999;

impl Stamper<'_> {
    fn push(&mut self, entity: &str, id: Uuid, fields: Value) {
        self.counter += 1;
        if self.counter > COUNTER_LIMIT {
            self.millis += 1;
            self.counter = 1;
        }
        let hlc = Hlc {
            millis: self.millis,
            counter: self.counter,
            device: self.device,
        };
        (self.sink)(json!({
            "op_id": Uuid::now_v7(), "entity": entity, "id": id,
            "hlc": hlc.to_string(), "fields": fields,
        }));
    }
}

/// How much history to make: foreign nationals and inspections across the province,
/// shared out among the teams by how much foreigner traffic their regency sees.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub subjects: u32,
    pub inspections: u32,
}

/// The demo's own size: enough for every screen to have something to show.
pub const DEMO_SCALE: Scale = Scale {
    subjects: 2_600,
    inspections: 480,
};

impl Scale {
    /// A team's share of `total`, and at least `floor`.
    fn share(total: u32, team: &DemoTeam, floor: u32) -> u32 {
        let weights: u32 = DEMO_TEAMS.iter().map(|t| t.weight).sum();
        ((u64::from(total) * u64::from(team.weight) / u64::from(weights)) as u32).max(floor)
    }
}

/// A foreign national of the demo, as the inspections need them.
struct Subject {
    id: Uuid,
    village: String,
    /// Days from today to the permit's expiry; negative once expired.
    expiry_offset: i64,
}

/// The history at `scale` for the teams of [`DEMO_TEAMS`] whose members are `rosters`
/// (same order), dated back from `today` (office time), each mutation handed to `sink`
/// as it is made, stamped by `device` from `millis` on.
pub fn generate(
    scale: Scale,
    rosters: &[Vec<Uuid>],
    today: Date,
    (device, millis): (Uuid, u64),
    seed: u64,
    sink: &mut dyn FnMut(Value),
) {
    let mut rng = Lcg(seed);
    let mut stamper = Stamper {
        device,
        millis,
        counter: 0,
        sink,
    };
    let date = |offset_days: i64| (today + Duration::days(offset_days)).to_string();
    let mut serial = 0u32;
    // Jembrana's past election: its checks during the campaign are tagged to it, and
    // some of them at campaign events found political activity.
    let past_election = Uuid::now_v7();
    stamper.push(
        "election_period",
        past_election,
        json!({
            "region_code": "51.01",
            "name": "Pilkada Contoh (fiktif, sudah lewat)",
            "campaign_start": date(-PAST_CAMPAIGN_DAYS.1), "campaign_end": date(-PAST_CAMPAIGN_DAYS.0),
            "voting_day": date(-PAST_CAMPAIGN_DAYS.0 + 4),
        }),
    );
    for (team, members) in DEMO_TEAMS.iter().zip(rosters) {
        let count = Scale::share(scale.subjects, team, 20);
        let subjects = subjects(team, count, &mut rng, &mut stamper, &mut serial, &date);
        let checks = Scale::share(scale.inspections, team, 18);
        let election = (team.id == "jembrana").then_some(past_election);
        inspections(
            (team, election),
            checks,
            members,
            &subjects,
            &mut rng,
            &mut stamper,
            &date,
        );
        meetings(team, members, &mut rng, &mut stamper, &date);
    }
    // The province's elections of 2024, on the dates KPU set; they lie before the
    // history, so no check is tagged to them.
    for (name, campaign_start, campaign_end, voting_day) in ELECTIONS_2024 {
        stamper.push(
            "election_period",
            Uuid::now_v7(),
            json!({
                "region_code": "51", "name": name, "campaign_start": campaign_start,
                "campaign_end": campaign_end, "voting_day": voting_day,
            }),
        );
    }
    stamper.push(
        "election_period",
        Uuid::now_v7(),
        json!({
            "region_code": "51.01",
            "name": "Pemilihan Contoh 2027 (fiktif)",
            "campaign_start": date(30), "campaign_end": date(90), "voting_day": date(95),
        }),
    );
}

/// The 2024 general election and the regional elections of the same year: name,
/// campaign start and end, voting day.
const ELECTIONS_2024: [(&str, &str, &str, &str); 2] = [
    ("Pemilu 2024", "2023-11-28", "2024-02-10", "2024-02-14"),
    (
        "Pilkada Serentak 2024",
        "2024-09-25",
        "2024-11-23",
        "2024-11-27",
    ),
];

/// The villages of a regency, from the shipped region table.
fn villages_of(region: &str) -> Vec<String> {
    let regency = RegionCode::parse(region).expect("a demo team's region is well formed");
    wilayah::bali_regions()
        .into_iter()
        .filter(|r| r.level == RegionLevel::Village && regency.covers(&r.code))
        .map(|r| r.code.as_str().to_string())
        .collect()
}

fn subjects(
    team: &DemoTeam,
    count: u32,
    rng: &mut Lcg,
    stamper: &mut Stamper,
    serial: &mut u32,
    date: &impl Fn(i64) -> String,
) -> Vec<Subject> {
    let villages = villages_of(team.region);
    let village_refs: Vec<&str> = villages.iter().map(String::as_str).collect();
    let mut subjects = Vec::with_capacity(count as usize);
    for _ in 0..count {
        *serial += 1;
        let n = *serial;
        let id = Uuid::now_v7();
        let village = rng.pick(&village_refs).to_string();
        let nationality = rng.weighted(NATIONALITIES);
        let (permit, visa) = rng.weighted(PERMITS);
        let expiry_offset = i64::from(rng.next(800)) - 300;
        let mut fields = json!({
            "region_code": village,
            "full_name": format!("{} {} {n:04}", rng.pick(GIVEN), rng.pick(SURNAMES)),
            "nationality": nationality,
            "sex": (["M", "F"][rng.next(2) as usize]),
            "date_of_birth": date(-365 * i64::from(22 + rng.next(45)) - i64::from(rng.next(365))),
            "document_type": "passport",
            "passport_number": format!("DM{:07}", 1_000_000 + (n * 7919) % 8_999_999),
            "passport_issuing_country": nationality,
            "passport_expiry": date(365 * i64::from(1 + rng.next(8))),
            "visa_code": visa,
            "permit_type": permit,
            "permit_number": format!("CONTOH-{permit}-{n:05}"),
            "permit_start": date(expiry_offset - if permit == "ITK" { 60 } else { 365 }),
            "permit_expiry": date(expiry_offset),
            "stay_type": rng.pick(STAYS),
            "address": format!("Jl. Contoh No. {} (fiktif)", 1 + rng.next(120)),
            "notes": "Data contoh (fiktif) untuk demo Pantau.",
        });
        if permit == "ITAP" && n.is_multiple_of(2) {
            let digits: String = team.region.chars().filter(char::is_ascii_digit).collect();
            fields["nik"] = json!(format!(
                "{digits}01{:02}0{}8500{:02}",
                1 + rng.next(28),
                1 + rng.next(9),
                n % 100
            ));
        }
        stamper.push("subject", id, fields);
        subjects.push(Subject {
            id,
            village,
            expiry_offset,
        });
    }
    subjects
}

/// The days back Jembrana's past campaign ended and began.
const PAST_CAMPAIGN_DAYS: (i64, i64) = (40, 100);

/// Roman month numbers, as written orders number their month.
const ROMAN: [&str; 12] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
];

fn inspections(
    (team, election): (&DemoTeam, Option<Uuid>),
    count: u32,
    members: &[Uuid],
    subjects: &[Subject],
    rng: &mut Lcg,
    stamper: &mut Stamper,
    date: &impl Fn(i64) -> String,
) {
    // Each month's joint operation, recorded with its first joint check: id and number.
    let mut monthly_orders: std::collections::HashMap<String, (Uuid, String)> =
        std::collections::HashMap::new();
    for number in 1..=count {
        let days_back = i64::from(1 + rng.next(HISTORY_DAYS));
        let day = date(-days_back);
        let month: usize = day[5..7].parse().unwrap_or(1);
        let inspection_id = Uuid::now_v7();
        let first = &subjects[rng.next(subjects.len() as u32) as usize];
        let region = first.village.clone();
        let operation = rng.weighted(&[("routine", 6), ("joint", 3), ("special", 1)]);
        let agencies: &[&str] = if operation == "joint" {
            &["IMIGRASI", "POLRES", "SATPOL_PP", "DISNAKER"]
        } else {
            &["IMIGRASI", "POLRES"]
        };
        let finalized = days_back > 7 || rng.chance(50);
        let in_campaign = (PAST_CAMPAIGN_DAYS.0..=PAST_CAMPAIGN_DAYS.1).contains(&days_back);
        let election = election.filter(|_| in_campaign);
        let at_rally = election.is_some() && rng.chance(50);
        let mut checked = vec![first];
        for _ in 0..rng.next(3) {
            let subject = &subjects[rng.next(subjects.len() as u32) as usize];
            if !checked.iter().any(|s| s.id == subject.id) {
                checked.push(subject);
            }
        }
        let found: Vec<Found> = checked
            .into_iter()
            .enumerate()
            .map(|(n, subject)| {
                let seen = Seen {
                    days_back,
                    political: at_rally && n == 0,
                };
                finding(subject, inspection_id, &region, seen, rng, stamper)
            })
            .collect();
        let inspection = json!({
            "region_code": region,
            "started_at": format!("{day}T{:02}:{:02}:00+08:00", 8 + rng.next(11), rng.next(60)),
            "place_name": format!("{} Contoh {number}", rng.pick(&["Vila", "Hotel", "Wisma", "Usaha"])),
            "place_type": if at_rally { "campaign_event" } else { rng.weighted(PLACES) },
            "address": format!("Jl. Fiktif No. {}", 1 + rng.next(200)),
            "latitude": -8.65 + f64::from(rng.next(300)) / 1000.0,
            "longitude": 115.0 + f64::from(rng.next(300)) / 1000.0,
            "gps_accuracy_m": 5 + rng.next(25),
            "operation_type": operation,
            "warrant_number": format!(
                "SPRIN/CONTOH/{}/{number:03}/{}/{}",
                team.id.to_uppercase(),
                ROMAN[month.clamp(1, 12) - 1],
                &day[..4]
            ),
            "officer_ids": members.iter().take(2 + rng.next(3) as usize).map(Uuid::to_string).collect::<Vec<_>>(),
            "agencies": agencies,
            "notes": "Pemeriksaan contoh (fiktif).",
            "status": if finalized { "final" } else { "draft" },
        });
        let mut inspection = inspection;
        if let Some(period) = election {
            inspection["election_period_id"] = json!(period);
        }
        if operation == "joint" {
            let (order, order_number) = monthly_orders
                .entry(day[..7].to_string())
                .or_insert_with(|| monthly_order(team, &day, agencies, members, stamper))
                .clone();
            inspection["operation_id"] = json!(order);
            inspection["warrant_number"] = json!(order_number);
        }
        stamper.push("inspection", inspection_id, inspection);
        // The office has decided on what finalized inspections found more than three
        // weeks ago.
        if finalized && days_back > 21 {
            for found in &found {
                decision(team, members, found, &region, days_back, rng, stamper, date);
            }
        }
    }
}

/// Records the team's joint operation for the month of `day` (`YYYY-MM-DD`), ordered on
/// the month's first day and running through it: its id and written order number.
fn monthly_order(
    team: &DemoTeam,
    day: &str,
    agencies: &[&str],
    members: &[Uuid],
    stamper: &mut Stamper,
) -> (Uuid, String) {
    let (year, month): (i32, u8) = (
        day[..4].parse().unwrap_or(2026),
        day[5..7].parse().unwrap_or(1),
    );
    let month_of = time::Month::try_from(month).unwrap_or(time::Month::January);
    let last = time::util::days_in_month(month_of, year);
    let id = Uuid::now_v7();
    let number = format!(
        "SPRIN/CONTOH/{}/OPS/{}/{year}",
        team.id.to_uppercase(),
        ROMAN[usize::from(month.clamp(1, 12)) - 1]
    );
    stamper.push(
        "operation",
        id,
        json!({
            "region_code": team.region,
            "order_number": number,
            "order_date": format!("{year}-{month:02}-01"),
            "operation_type": "joint",
            "period_start": format!("{year}-{month:02}-01"),
            "period_end": format!("{year}-{month:02}-{last:02}"),
            "issued_by": "Kepala Kantor Imigrasi (contoh)",
            "agencies": agencies,
            "officer_ids": members.iter().take(4).map(Uuid::to_string).collect::<Vec<_>>(),
            "notes": "Operasi gabungan contoh (fiktif).",
        }),
    );
    (id, number)
}

/// A finding as made: what the office decides on.
struct Found {
    id: Uuid,
    recommended: Option<&'static str>,
    overstay_days: i64,
}

/// The office's decision on a finding with a recommended action: it mostly follows the
/// field, now and then settles for a fee; most decisions older than six weeks have been
/// carried out, a few cancelled.
#[allow(clippy::too_many_arguments)]
fn decision(
    team: &DemoTeam,
    members: &[Uuid],
    found: &Found,
    region: &str,
    days_back: i64,
    rng: &mut Lcg,
    stamper: &mut Stamper,
    date: &impl Fn(i64) -> String,
) {
    let Some(recommended) = found.recommended else {
        return;
    };
    let decided = if recommended == "deportation" && rng.chance(20) {
        "overstay_fee"
    } else {
        recommended
    };
    let decided_after = 3 + i64::from(rng.next(10));
    let decision_date = date(-days_back + decided_after);
    let mut fields = json!({
        "region_code": region,
        "finding_id": found.id,
        "state": "decided",
        "decided_action": decided,
        "decision_number": format!(
            "KEP/CONTOH/{}/{:04}/{}",
            team.id.to_uppercase(),
            1 + rng.next(9_999),
            &decision_date[..4]
        ),
        "decision_date": decision_date,
        "decided_by": members.first().copied().unwrap_or_else(Uuid::nil),
        "notes": "Keputusan contoh (fiktif).",
    });
    if found.overstay_days > 0 {
        let rule = OverstayRule::PP_28_2019;
        fields["overstay_days"] = json!(found.overstay_days);
        fields["overstay_fee_idr"] = json!(rule.daily_fee_idr * found.overstay_days as u64);
    }
    if days_back > 42 {
        if rng.chance(5) {
            fields["state"] = json!("cancelled");
            fields["cancel_reason"] = json!("Contoh: izin tinggal ternyata sudah diperpanjang.");
        } else if rng.chance(90) {
            fields["state"] = json!("carried_out");
            fields["carried_out_on"] = json!(date(
                -days_back + decided_after + 1 + i64::from(rng.next(14))
            ));
            if decided == "overstay_fee" {
                fields["receipt_number"] = json!(format!("BAYAR-CONTOH-{:06}", rng.next(999_999)));
            }
        }
    }
    stamper.push("decision", decision_id(found.id), fields);
}

/// When a finding was made, and whether the person was seen in political activity.
struct Seen {
    days_back: i64,
    political: bool,
}

/// One foreign national's finding in an inspection `days_back` days ago: overstay when
/// their permit had expired by then, now and then another violation; political activity
/// when seen at a campaign event.
fn finding(
    subject: &Subject,
    inspection_id: Uuid,
    region: &str,
    Seen {
        days_back,
        political,
    }: Seen,
    rng: &mut Lcg,
    stamper: &mut Stamper,
) -> Found {
    let overstay_days = -days_back - subject.expiry_offset;
    let mut violations = Vec::new();
    let mut recommended = None;
    if overstay_days > 0 {
        violations.push("overstay");
        recommended = Some(if overstay_days > 60 {
            "deportation"
        } else {
            "overstay_fee"
        });
    }
    if rng.chance(12) {
        let other = rng.weighted(OTHER_VIOLATIONS);
        violations.push(other);
        recommended = recommended.or(Some(match other {
            "permit_misuse" | "false_information" => "deportation",
            "public_order" => "detention",
            _ => "permit_restriction",
        }));
    }
    if political {
        violations.push("political_activity");
        recommended = recommended.or(Some("deportation"));
    }
    let field_action = match recommended {
        None => "none",
        Some("deportation" | "detention") => "brought_to_office",
        Some(_) => "advice",
    };
    let mut fields = json!({
        "region_code": region,
        "inspection_id": inspection_id,
        "subject_id": subject.id,
        "documents_shown": ["passport", "stay_permit"],
        "violations": violations,
        "field_action": field_action,
        "notes": "Temuan contoh (fiktif).",
    });
    if let Some(recommended) = recommended {
        fields["recommended_action"] = json!(recommended);
    }
    let id = Uuid::now_v7();
    stamper.push("finding", id, fields);
    Found {
        id,
        recommended,
        overstay_days,
    }
}

fn meetings(
    team: &DemoTeam,
    members: &[Uuid],
    rng: &mut Lcg,
    stamper: &mut Stamper,
    date: &impl Fn(i64) -> String,
) {
    for quarter in 0..6 {
        let days_back = i64::from(quarter * 91 + 5 + rng.next(20));
        let meeting_id = Uuid::now_v7();
        let theme = if team.id == "jembrana" && quarter == 0 {
            "Kewaspadaan Terhadap Pemilu"
        } else {
            rng.pick(THEMES)
        };
        let mut agencies = vec!["IMIGRASI"];
        agencies.extend(AGENCIES_AT_RAKOR.iter().filter(|_| rng.chance(70)));
        stamper.push("meeting", meeting_id, json!({
            "region_code": team.region,
            "date": date(-days_back),
            "place": "Aula Kantor Imigrasi (contoh)",
            "theme": theme,
            "chair": format!("Koordinator Demo ({})", team.office),
            "attendee_ids": members.iter().map(Uuid::to_string).collect::<Vec<_>>(),
            "attending_agencies": agencies,
            "agenda": "1. Situasi orang asing di wilayah\n2. Hasil pengawasan triwulan\n3. Rencana operasi gabungan",
            "minutes": "Notulen contoh (fiktif).",
            "decisions": "Operasi gabungan di kawasan wisata; pendataan tenaga kerja asing.",
        }));
        for _ in 0..2 + rng.next(3) {
            let (description, agency) = FOLLOW_UPS[rng.next(FOLLOW_UPS.len() as u32) as usize];
            let due = -days_back + 14 + i64::from(rng.next(45));
            let status = if due < 0 {
                rng.weighted(&[("done", 7), ("in_progress", 2), ("cancelled", 1)])
            } else {
                rng.weighted(&[("open", 3), ("in_progress", 2)])
            };
            stamper.push(
                "action_item",
                Uuid::now_v7(),
                json!({
                    "region_code": team.region, "meeting_id": meeting_id,
                    "description": description, "owner_agency": agency,
                    "due_date": date(due), "status": status,
                }),
            );
        }
    }
}
