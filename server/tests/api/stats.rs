//! The central office's counts: every measure by every dimension it has, against counts
//! this test computes itself from the records it pushed; periods read in the office's
//! time zone; scope; and each bad question refused by the parameter at fault.

use crate::helpers::{Engine, Session, TestApp, hlc_at, mutation, now_millis, statuses};
use crate::on_both_backends;
use axum::http::StatusCode;
use pantau_shared::decision::decision_id;
use pantau_shared::inspection::PlaceType;
use pantau_shared::meeting::ActionStatus;
use pantau_shared::stats::{Dimension, Measure};
use pantau_shared::team::Role;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

/// One counted unit as the test sees it: its region, its office-local date and the
/// values it has for each dimension (several for a list, `None` for no value).
#[derive(Debug, Clone)]
pub struct Unit {
    id: String,
    pub region: String,
    pub day: Option<String>,
    values: BTreeMap<Dimension, Vec<Option<String>>>,
}

/// Everything pushed, as units of each measure.
#[derive(Default)]
pub struct World {
    units: BTreeMap<&'static str, Vec<Unit>>,
}

pub type Keys = Vec<Option<String>>;

impl World {
    pub fn units(&self, measure: Measure) -> &[Unit] {
        self.units
            .get(measure.code())
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// The breakdown and total the server should answer.
    pub fn expected(
        &self,
        measure: Measure,
        by: &[Dimension],
        region: &str,
        filters: &[(Dimension, &str)],
        period: Option<(&str, &str)>,
    ) -> (BTreeMap<Keys, i64>, i64) {
        let level = match region.len() {
            2 => 5,
            5 => 8,
            _ => 13,
        };
        let mut groups: BTreeMap<Keys, BTreeSet<String>> = BTreeMap::new();
        let mut total = BTreeSet::new();
        for unit in self.units(measure) {
            let in_scope = unit.region == region || unit.region.starts_with(&format!("{region}."));
            let in_period = period.is_none_or(|(from, to)| {
                !measure.is_dated() || unit.day.as_deref().is_some_and(|d| d >= from && d <= to)
            });
            let values = |dimension: Dimension| -> Vec<Option<String>> {
                match dimension {
                    Dimension::Region => {
                        vec![(unit.region.len() >= level).then(|| unit.region[..level].to_string())]
                    }
                    Dimension::Month => vec![unit.day.as_ref().map(|d| d[..7].to_string())],
                    other => unit.values.get(&other).cloned().unwrap_or(vec![None]),
                }
            };
            let passes = filters
                .iter()
                .all(|(d, v)| values(*d).contains(&Some(v.to_string())));
            if !(in_scope && in_period && passes) {
                continue;
            }
            total.insert(unit.id.clone());
            let mut keys: Vec<Keys> = vec![Vec::new()];
            for dimension in by {
                keys = keys
                    .into_iter()
                    .flat_map(|prefix| {
                        values(*dimension).into_iter().map(move |value| {
                            let mut next = prefix.clone();
                            next.push(value);
                            next
                        })
                    })
                    .collect();
            }
            if !by.is_empty() {
                for key in keys {
                    groups.entry(key).or_default().insert(unit.id.clone());
                }
            }
        }
        let groups = groups
            .into_iter()
            .map(|(key, ids)| (key, ids.len() as i64))
            .collect();
        (groups, total.len() as i64)
    }
}

/// A small deterministic generator, so a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % below
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next(items.len())]
    }
}

const REGIONS: &[(&str, &[&str])] = &[
    (
        "jembrana",
        &["51.01", "51.01.01", "51.01.02", "51.01.04.1001"],
    ),
    ("buleleng", &["51.08.01", "51.08.02"]),
];
/// Local times chosen around month ends, some written with another offset than WITA.
const STARTS: &[(&str, &str)] = &[
    ("2026-10-31T23:30:00+08:00", "2026-10-31"),
    ("2026-10-31T16:30:00Z", "2026-11-01"),
    ("2026-11-15T09:00:00+08:00", "2026-11-15"),
    ("2026-11-30T23:59:00+08:00", "2026-11-30"),
    ("2026-11-30T17:00:00+01:00", "2026-12-01"),
    ("2026-09-02T08:00:00+07:00", "2026-09-02"),
];

/// Pushes a generated world through two coordinators and returns it as units.
async fn build_world(app: &TestApp, writers: &[Session]) -> World {
    let mut random = Lcg(7);
    let mut world = World::default();
    let nationalities = ["AUS", "RUS", "USA", "DEU"];
    // Permit types the server's table is seeded with.
    let permits = ["ITK", "ITAS", "ITAP", "ITD", "ITDINAS"];
    let places: Vec<&str> = PlaceType::ALL.iter().map(|p| p.code()).collect();
    // Agencies the server's table is seeded with.
    let agencies = [
        "IMIGRASI",
        "POLRES",
        "KODIM",
        "SATPOL_PP",
        "DISNAKER",
        "KPU",
    ];
    // Violation codes the server's table is seeded with.
    let violations = [
        "overstay",
        "permit_misuse",
        "no_document",
        "illegal_entry",
        "unreported_guest",
        "political_activity",
    ];
    let statuses_of_items: Vec<&str> = ActionStatus::ALL.iter().map(|s| s.code()).collect();
    // Administrative actions the server's table is seeded with.
    let actions = [
        "exit_ban",
        "permit_restriction",
        "permit_cancellation",
        "overstay_fee",
        "deportation",
    ];
    for ((_, regions), writer) in REGIONS.iter().zip(writers) {
        let mut batch = Vec::new();
        let mut later = Vec::new();
        let mut decisions = Vec::new();
        let stamp = |n: usize| hlc_at(writer.device_id, now_millis() - 60_000, n as u32);
        let mut subjects = Vec::new();
        for n in 0..12 {
            let id = Uuid::now_v7();
            let region = random.pick(regions);
            let mut fields =
                json!({"region_code": region, "full_name": format!("CONTOH STATISTIK {n}")});
            let nationality = (n % 5 != 0).then(|| random.pick(&nationalities));
            let permit = (n % 4 != 0).then(|| random.pick(&permits));
            fields["nationality"] = json!(nationality);
            fields["permit_type"] = json!(permit);
            let deleted = n % 7 == 3;
            if deleted {
                fields["deleted"] = json!(true);
            }
            batch.push(mutation(
                "subject",
                id,
                stamp(batch.len()),
                without_nulls(fields),
            ));
            subjects.push((id, nationality, permit));
            if !deleted {
                world.units.entry("subjects").or_default().push(Unit {
                    id: id.to_string(),
                    region: region.into(),
                    day: None,
                    values: BTreeMap::from([
                        (
                            Dimension::Nationality,
                            vec![nationality.map(str::to_string)],
                        ),
                        (Dimension::PermitType, vec![permit.map(str::to_string)]),
                    ]),
                });
            }
        }
        for n in 0..10 {
            let id = Uuid::now_v7();
            let region = random.pick(regions);
            let (started_at, day) = STARTS[random.next(STARTS.len())];
            let place = (n % 3 != 0).then(|| random.pick(&places));
            let chosen: BTreeSet<&str> = (0..random.next(3))
                .map(|_| random.pick(&agencies))
                .collect();
            let deleted = n == 9;
            let fields = without_nulls(json!({
                "region_code": region, "started_at": started_at, "place_name": format!("Tempat uji {n}"),
                "place_type": place, "warrant_number": format!("SP-UJI/{n}"),
                "agencies": if chosen.is_empty() { Value::Null } else { json!(chosen) },
                "deleted": if deleted { json!(true) } else { Value::Null },
            }));
            batch.push(mutation("inspection", id, stamp(batch.len()), fields));
            let final_status = n % 2 == 0;
            if final_status {
                later.push((id, json!({"status": "final"})));
            }
            let status = final_status.then(|| "final".to_string());
            if !deleted {
                world.units.entry("inspections").or_default().push(Unit {
                    id: id.to_string(),
                    region: region.into(),
                    day: Some(day.into()),
                    values: BTreeMap::from([
                        (Dimension::PlaceType, vec![place.map(str::to_string)]),
                        (Dimension::Status, vec![status]),
                        (Dimension::ElectionPeriod, vec![None]),
                        (
                            Dimension::Agency,
                            if chosen.is_empty() {
                                vec![None]
                            } else {
                                chosen.iter().map(|a| Some(a.to_string())).collect()
                            },
                        ),
                    ]),
                });
            }
            for _ in 0..random.next(3) {
                let finding = Uuid::now_v7();
                let (subject, nationality, permit) = subjects[random.next(subjects.len())];
                let found: BTreeSet<&str> = (0..random.next(3))
                    .map(|_| random.pick(&violations))
                    .collect();
                let recommended = (random.next(3) != 0).then(|| random.pick(&actions));
                let fields = without_nulls(json!({
                    "region_code": region, "inspection_id": id, "subject_id": subject,
                    "violations": if found.is_empty() { Value::Null } else { json!(found) },
                    "recommended_action": recommended,
                }));
                batch.push(mutation("finding", finding, stamp(batch.len()), fields));
                // The office decides on some findings of finalized inspections; a
                // cancelled decision decided nothing.
                let mut decided = None;
                if final_status && random.next(2) == 0 {
                    let action = random.pick(&actions);
                    let state = random.pick(&["decided", "carried_out", "cancelled"]);
                    decisions.push((
                        decision_id(finding),
                        json!({
                            "region_code": region, "finding_id": finding, "state": state,
                            "decided_action": action, "decision_number": "KEP-UJI/1",
                            "decision_date": "2026-12-02", "decided_by": Uuid::now_v7(),
                            "carried_out_on": "2026-12-02", "cancel_reason": "Uji pembatalan",
                        }),
                    ));
                    decided = (state != "cancelled").then_some(action);
                }
                if deleted {
                    continue;
                }
                let common = BTreeMap::from([
                    (Dimension::PlaceType, vec![place.map(str::to_string)]),
                    (
                        Dimension::Nationality,
                        vec![nationality.map(str::to_string)],
                    ),
                    (Dimension::PermitType, vec![permit.map(str::to_string)]),
                    (Dimension::ElectionPeriod, vec![None]),
                ]);
                world.units.entry("findings").or_default().push(Unit {
                    id: finding.to_string(),
                    region: region.into(),
                    day: Some(day.into()),
                    values: common.clone(),
                });
                for (stage, action) in [("recommended", recommended), ("decided", decided)] {
                    let Some(action) = action else { continue };
                    let mut values = common.clone();
                    values.remove(&Dimension::ElectionPeriod);
                    values.insert(Dimension::Stage, vec![Some(stage.to_string())]);
                    values.insert(Dimension::Action, vec![Some(action.to_string())]);
                    world.units.entry("actions").or_default().push(Unit {
                        id: format!("{finding}:{stage}"),
                        region: region.into(),
                        day: Some(day.into()),
                        values,
                    });
                }
                for code in found {
                    let mut values = common.clone();
                    values.insert(Dimension::Violation, vec![Some(code.to_string())]);
                    world.units.entry("violations").or_default().push(Unit {
                        id: format!("{finding}:{code}"),
                        region: region.into(),
                        day: Some(day.into()),
                        values,
                    });
                }
            }
        }
        for n in 0..4 {
            let meeting = Uuid::now_v7();
            let region = regions[0];
            let date = ["2026-10-05", "2026-11-20", "2026-11-30", "2026-12-01"][n];
            let attending: BTreeSet<&str> = (0..random.next(4))
                .map(|_| random.pick(&agencies))
                .collect();
            batch.push(mutation(
                "meeting",
                meeting,
                stamp(batch.len()),
                without_nulls(json!({"region_code": region, "date": date, "place": "Aula uji", "theme": "Rakor uji",
                    "attending_agencies": if attending.is_empty() { Value::Null } else { json!(attending) }})),
            ));
            world.units.entry("meetings").or_default().push(Unit {
                id: meeting.to_string(),
                region: region.into(),
                day: Some(date.into()),
                values: BTreeMap::from([(
                    Dimension::Agency,
                    if attending.is_empty() {
                        vec![None]
                    } else {
                        attending.iter().map(|a| Some(a.to_string())).collect()
                    },
                )]),
            });
            let item = Uuid::now_v7();
            let agency = random.pick(&agencies);
            let status = (n % 2 == 1).then(|| random.pick(&statuses_of_items));
            batch.push(mutation(
                "action_item",
                item,
                stamp(batch.len()),
                without_nulls(json!({"region_code": region, "meeting_id": meeting, "description": "Tindak lanjut uji",
                       "owner_agency": agency, "due_date": date, "status": status})),
            ));
            world.units.entry("follow_ups").or_default().push(Unit {
                id: item.to_string(),
                region: region.into(),
                day: Some(date.into()),
                values: BTreeMap::from([
                    (Dimension::Agency, vec![Some(agency.to_string())]),
                    (Dimension::Status, vec![status.map(str::to_string)]),
                ]),
            });
        }
        for (id, fields) in later {
            batch.push(mutation("inspection", id, stamp(batch.len()), fields));
        }
        for (id, fields) in decisions {
            batch.push(mutation("decision", id, stamp(batch.len()), fields));
        }
        let response = app.push(writer, batch).await;
        assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
        let answered = statuses(&response);
        assert!(
            answered.iter().all(|s| s == "applied"),
            "{answered:?} {:?}",
            response.body
        );
    }
    world
}

fn without_nulls(mut value: Value) -> Value {
    if let Some(object) = value.as_object_mut() {
        object.retain(|_, v| !v.is_null());
    }
    value
}

async fn ask(app: &TestApp, session: &Session, query: &str) -> crate::helpers::Response {
    app.request(
        "GET",
        &format!("/api/stats?{query}"),
        Some(&session.token),
        None,
    )
    .await
}

pub fn answered(body: &Value) -> BTreeMap<Keys, i64> {
    body["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|row| {
            let keys = row["keys"]
                .as_array()
                .expect("keys")
                .iter()
                .map(|k| k.as_str().map(str::to_string))
                .collect();
            (keys, row["count"].as_i64().expect("count"))
        })
        .collect()
}

pub async fn world_with_office(engine: Engine) -> (TestApp, World, Session) {
    let app = TestApp::spawn(engine).await;
    let jembrana = app
        .officer("koor_jembrana", Role::Coordinator, "jembrana")
        .await;
    let buleleng = app
        .officer("koor_buleleng", Role::Coordinator, "buleleng")
        .await;
    let world = build_world(&app, &[jembrana, buleleng]).await;
    let kanwil = app.officer("kanwil", Role::Central, "kanwil").await;
    (app, world, kanwil)
}

async fn every_measure_by_every_dimension_matches_the_records(engine: Engine) {
    let (app, world, kanwil) = world_with_office(engine).await;
    for measure in Measure::ALL {
        let (_, total) = world.expected(*measure, &[], "51", &[], None);
        assert!(total > 0, "the generated world has {}", measure.code());
        for dimension in measure.dimensions() {
            for region in ["51", "51.01"] {
                let response = ask(
                    &app,
                    &kanwil,
                    &format!(
                        "measure={}&by={}&region={region}",
                        measure.code(),
                        dimension.code()
                    ),
                )
                .await;
                assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
                let (rows, total) = world.expected(*measure, &[*dimension], region, &[], None);
                assert_eq!(
                    answered(&response.body),
                    rows,
                    "{} by {} under {region}",
                    measure.code(),
                    dimension.code()
                );
                assert_eq!(response.body["total"], total, "{}", measure.code());
            }
        }
    }
    // Two dimensions, a filter and a period together.
    let response = ask(
        &app,
        &kanwil,
        "measure=violations&by=region&by=violation&nationality=AUS&from=2026-11-01&to=2026-11-30",
    )
    .await;
    let (rows, total) = world.expected(
        Measure::Violations,
        &[Dimension::Region, Dimension::Violation],
        "51",
        &[(Dimension::Nationality, "AUS")],
        Some(("2026-11-01", "2026-11-30")),
    );
    assert_eq!(answered(&response.body), rows);
    assert_eq!(response.body["total"], total);
    // Recommended against decided, for one kind of action, in one month.
    let response = ask(
        &app,
        &kanwil,
        "measure=actions&by=stage&by=month&action=deportation&from=2026-11-01&to=2026-11-30",
    )
    .await;
    let (rows, total) = world.expected(
        Measure::Actions,
        &[Dimension::Stage, Dimension::Month],
        "51",
        &[(Dimension::Action, "deportation")],
        Some(("2026-11-01", "2026-11-30")),
    );
    assert_eq!(answered(&response.body), rows);
    assert_eq!(response.body["total"], total);
    let response = ask(
        &app,
        &kanwil,
        "measure=inspections&by=agency&by=month&place_type=villa",
    )
    .await;
    let (rows, _) = world.expected(
        Measure::Inspections,
        &[Dimension::Agency, Dimension::Month],
        "51",
        &[(Dimension::PlaceType, "villa")],
        None,
    );
    assert_eq!(answered(&response.body), rows);
}
on_both_backends!(every_measure_by_every_dimension_matches_the_records);

async fn months_are_read_in_the_office_time_zone(engine: Engine) {
    let (app, world, kanwil) = world_with_office(engine).await;
    let response = ask(&app, &kanwil, "measure=inspections&by=month").await;
    let months = answered(&response.body);
    let (expected, _) = world.expected(Measure::Inspections, &[Dimension::Month], "51", &[], None);
    assert_eq!(months, expected);
    // 23:30 WITA on 31 October is October; 16:30 UTC that day is already November.
    let october = world
        .units(Measure::Inspections)
        .iter()
        .filter(|u| u.day.as_deref() == Some("2026-10-31"))
        .count() as i64;
    assert_eq!(
        months
            .get(&vec![Some("2026-10".to_string())])
            .copied()
            .unwrap_or(0),
        october
    );
    let labels = &response.body["rows"][0]["labels"][0];
    assert!(
        labels["id"].as_str().is_some_and(|l| l.ends_with("2026")),
        "{labels}"
    );
    let regions = ask(&app, &kanwil, "measure=subjects&by=region").await;
    let jembrana = regions.body["rows"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["keys"][0] == "51.01"))
        .expect("Jembrana has subjects");
    assert_eq!(jembrana["labels"][0]["id"], "Kabupaten Jembrana");
}
on_both_backends!(months_are_read_in_the_office_time_zone);

/// Whole months are read from the monthly pre-counts, the days of a part-month and a
/// district's villages from the units: every cut answers as the records do.
async fn part_months_and_villages_count_as_the_records_do(engine: Engine) {
    let (app, world, kanwil) = world_with_office(engine).await;
    let periods = [
        ("2026-09-01", "2026-11-30"),
        ("2026-09-02", "2026-11-30"),
        ("2026-10-31", "2026-12-01"),
        ("2026-11-15", "2026-11-30"),
        ("2026-11-01", "2026-11-29"),
    ];
    for measure in Measure::ALL.iter().filter(|m| m.is_dated()) {
        let other = measure
            .dimensions()
            .iter()
            .copied()
            .find(|d| !matches!(d, Dimension::Region | Dimension::Month))
            .expect("every measure has a dimension of its own");
        for (from, to) in periods {
            for region in ["51", "51.01", "51.01.04"] {
                for by in [Dimension::Region, Dimension::Month, other] {
                    let response = ask(
                        &app,
                        &kanwil,
                        &format!(
                            "measure={}&by={}&region={region}&from={from}&to={to}",
                            measure.code(),
                            by.code()
                        ),
                    )
                    .await;
                    assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
                    let (rows, total) =
                        world.expected(*measure, &[by], region, &[], Some((from, to)));
                    let question = format!(
                        "{} by {} under {region}, {from}..{to}",
                        measure.code(),
                        by.code()
                    );
                    assert_eq!(answered(&response.body), rows, "{question}");
                    assert_eq!(response.body["total"], total, "{question}");
                }
            }
        }
    }
}
on_both_backends!(part_months_and_villages_count_as_the_records_do);

async fn a_team_counts_only_its_region(engine: Engine) {
    let (app, world, _) = world_with_office(engine).await;
    let team = app
        .officer("petugas_jembrana", Role::Field, "jembrana")
        .await;
    let response = ask(&app, &team, "measure=subjects&by=region").await;
    assert_eq!(response.status, StatusCode::OK);
    let (rows, total) = world.expected(Measure::Subjects, &[Dimension::Region], "51.01", &[], None);
    assert_eq!(answered(&response.body), rows);
    assert_eq!(response.body["total"], total);
    assert_eq!(response.body["region"], "51.01", "the team's whole region");
    let narrowed = ask(&app, &team, "measure=subjects&by=region&region=51.01.04").await;
    assert_eq!(narrowed.body["region"], "51.01.04");
    for outside in ["region=51", "region=51.08", "region=51.08.01"] {
        let refused = ask(&app, &team, &format!("measure=subjects&{outside}")).await;
        assert_eq!(
            (refused.status, refused.error_code()),
            (StatusCode::FORBIDDEN, "forbidden_scope"),
            "{outside}"
        );
        assert_eq!(refused.body["error"]["field"], "region");
    }
    let admin = {
        app.add_user("admin_uji", Role::Admin, None).await;
        app.login("admin_uji").await
    };
    let refused = ask(&app, &admin, "measure=subjects").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}
on_both_backends!(a_team_counts_only_its_region);

async fn bad_questions_are_refused_by_the_parameter_at_fault(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let kanwil = app.officer("kanwil", Role::Central, "kanwil").await;
    for (query, field) in [
        ("by=region", "measure"),
        ("measure=people", "measure"),
        ("measure=subjects&by=colour", "by"),
        ("measure=subjects&by=month", "by"),
        ("measure=inspections&by=region&by=month&by=agency", "by"),
        ("measure=inspections&by=month&by=month", "by"),
        ("measure=inspections&from=2026-02-30", "from"),
        ("measure=inspections&to=kemarin", "to"),
        ("measure=inspections&from=2026-11-30&to=2026-11-01", "to"),
        ("measure=inspections&region=51.1", "region"),
        ("measure=meetings&violation=overstay", "violation"),
        ("measure=inspections&colour=red", "colour"),
    ] {
        let response = ask(&app, &kanwil, query).await;
        assert_eq!(
            (response.status, response.error_code()),
            (StatusCode::BAD_REQUEST, "invalid_query"),
            "{query}: {:?}",
            response.body
        );
        assert_eq!(response.body["error"]["field"], field, "{query}");
    }
    // An empty province answers zeros, not an error.
    let response = ask(&app, &kanwil, "measure=inspections&by=region").await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.body["total"], 0);
    assert_eq!(response.body["rows"], json!([]));
    assert!(
        response.body["as_of"]
            .as_str()
            .is_some_and(|t| t.len() >= 20)
    );
}
on_both_backends!(bad_questions_are_refused_by_the_parameter_at_fault);

/// The counts are kept beside the records and follow every write, including the writes
/// that change what another record counts as: a finding counts its inspection's date and
/// its person's nationality, through a merge too.
async fn counts_follow_writes_made_after_a_question(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let coordinator = app
        .officer("koor_jembrana", Role::Coordinator, "jembrana")
        .await;
    let kanwil = app.officer("kanwil", Role::Central, "kanwil").await;
    let mut counter = 0;
    let mut push = async |changes: Vec<(&str, Uuid, Value)>| {
        let batch = changes
            .into_iter()
            .map(|(entity, id, fields)| {
                counter += 1;
                mutation(
                    entity,
                    id,
                    hlc_at(coordinator.device_id, now_millis(), counter),
                    fields,
                )
            })
            .collect();
        let response = app.push(&coordinator, batch).await;
        let answered = statuses(&response);
        assert!(
            answered.iter().all(|s| s == "applied"),
            "{:?}",
            response.body
        );
    };
    let counts = async |query: &str| {
        let response = ask(&app, &kanwil, query).await;
        assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
        let rows: BTreeMap<String, i64> = answered(&response.body)
            .into_iter()
            .map(|(keys, count)| (keys[0].clone().unwrap_or_default(), count))
            .collect();
        (rows, response.body["total"].as_i64().expect("total"))
    };
    let of = |pairs: &[(&str, i64)]| -> BTreeMap<String, i64> {
        pairs.iter().map(|(k, n)| (k.to_string(), *n)).collect()
    };
    let (ayu, budi, inspection) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let (first, second) = (Uuid::now_v7(), Uuid::now_v7());
    let subject = |name: &str, nationality: &str| {
        json!({"region_code": "51.01.01", "full_name": name, "nationality": nationality,
               "passport_number": format!("XA{:07}", name.len()), "permit_type": "ITAS"})
    };
    let finding = |person: Uuid| {
        json!({"region_code": "51.01.01", "inspection_id": inspection, "subject_id": person,
               "violations": ["overstay"]})
    };
    push(vec![
        ("subject", ayu, subject("CONTOH AYU", "AUS")),
        ("subject", budi, subject("CONTOH BUDI SANTOSO", "RUS")),
        (
            "inspection",
            inspection,
            json!({"region_code": "51.01.01", "started_at": "2026-11-15T09:00:00+08:00",
                   "place_name": "Tempat uji", "place_type": "villa", "warrant_number": "SP-UJI/1"}),
        ),
        ("finding", first, finding(ayu)),
        ("finding", second, finding(budi)),
    ])
    .await;
    let by_nationality = "measure=findings&by=nationality";
    assert_eq!(
        counts(by_nationality).await,
        (of(&[("AUS", 1), ("RUS", 1)]), 2)
    );

    // The person's nationality, corrected: the finding follows.
    push(vec![("subject", ayu, json!({"nationality": "USA"}))]).await;
    assert_eq!(
        counts(by_nationality).await,
        (of(&[("RUS", 1), ("USA", 1)]), 2)
    );
    // The inspection's start, corrected across a month: its findings and their
    // violations move with it.
    push(vec![(
        "inspection",
        inspection,
        json!({"started_at": "2026-10-31T23:30:00+08:00"}),
    )])
    .await;
    assert_eq!(
        counts("measure=violations&by=month").await,
        (of(&[("2026-10", 2)]), 2)
    );
    // Periods of part-months are read from the daily counts: those follow too.
    assert_eq!(
        counts("measure=violations&by=month&from=2026-10-31&to=2026-11-14").await,
        (of(&[("2026-10", 2)]), 2)
    );
    assert_eq!(
        counts("measure=violations&by=violation&from=2026-11-02&to=2026-11-29").await,
        (of(&[]), 0)
    );

    // A merge: Budi's record was Ayu's all along. His finding now counts her details, and
    // so does a finding that still cites his record, pushed by a tablet that had not
    // heard of the merge; a later correction of hers reaches both.
    let merged = app
        .request(
            "POST",
            "/api/duplicates/merge",
            Some(&coordinator.token),
            Some(json!({"survivor": ayu, "merged": budi})),
        )
        .await;
    assert_eq!(merged.status, StatusCode::OK, "{:?}", merged.body);
    assert_eq!(counts("measure=subjects&by=nationality").await.1, 1);
    let late = Uuid::now_v7();
    push(vec![("finding", late, finding(budi))]).await;
    assert_eq!(counts(by_nationality).await, (of(&[("USA", 3)]), 3));
    push(vec![("subject", ayu, json!({"nationality": "DEU"}))]).await;
    assert_eq!(counts(by_nationality).await, (of(&[("DEU", 3)]), 3));

    // Counted again from the records, the units are the same.
    let followed = counts(by_nationality).await;
    app.db.rebuild_stat_units().await.expect("rebuild");
    assert_eq!(counts(by_nationality).await, followed);

    // The inspection deleted: none of its findings count any more.
    push(vec![("inspection", inspection, json!({"deleted": true}))]).await;
    assert_eq!(counts(by_nationality).await, (of(&[]), 0));
    assert_eq!(counts("measure=violations&by=violation").await.1, 0);

    // The office decides on a finding of a finalized inspection, changes its mind on the
    // action, then cancels: the decided count follows each change of the decision record.
    let decided = "measure=actions&stage=decided&by=action";
    let (reviewed, finding_reviewed) = (Uuid::now_v7(), Uuid::now_v7());
    let decision = decision_id(finding_reviewed);
    push(vec![
        (
            "inspection",
            reviewed,
            json!({"region_code": "51.01.01", "started_at": "2026-11-16T09:00:00+08:00",
                   "place_name": "Tempat uji 2", "place_type": "hotel", "warrant_number": "SP-UJI/2"}),
        ),
        (
            "finding",
            finding_reviewed,
            json!({"region_code": "51.01.01", "inspection_id": reviewed, "subject_id": ayu,
                   "violations": ["overstay"]}),
        ),
        ("inspection", reviewed, json!({"status": "final"})),
    ])
    .await;
    assert_eq!(counts(decided).await, (of(&[]), 0));
    push(vec![(
        "decision",
        decision,
        json!({"region_code": "51.01.01", "finding_id": finding_reviewed, "state": "decided",
               "decided_action": "deportation", "decision_number": "KEP-UJI/1",
               "decision_date": "2026-11-20", "decided_by": Uuid::now_v7()}),
    )])
    .await;
    assert_eq!(counts(decided).await, (of(&[("deportation", 1)]), 1));
    push(vec![(
        "decision",
        decision,
        json!({"decided_action": "overstay_fee"}),
    )])
    .await;
    assert_eq!(counts(decided).await, (of(&[("overstay_fee", 1)]), 1));
    app.db.rebuild_stat_units().await.expect("rebuild");
    assert_eq!(counts(decided).await, (of(&[("overstay_fee", 1)]), 1));
    push(vec![(
        "decision",
        decision,
        json!({"state": "cancelled", "cancel_reason": "Uji pembatalan"}),
    )])
    .await;
    assert_eq!(counts(decided).await, (of(&[]), 0));
}
on_both_backends!(counts_follow_writes_made_after_a_question);
