//! `GET /api/reports/monthly?team=ID&month=YYYY-MM`: the body of a Tim PORA's monthly
//! report (Laporan Bulanan), for its coordinator and the Kanwil. Every figure is a stats
//! answer (DESIGN §6) or a list of the same records an export holds, over the team's
//! region and the month in office time (WITA), so the printed report, the dashboard and
//! the exports agree.

use crate::auth::SignedIn;
use crate::db::stats::StatsQuery;
use crate::db::voter_list::flag_set;
use crate::error::{ApiError, Result};
use crate::export::{Cell, Sheet, write_workbook};
use crate::routes::stats::answer;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use futures_util::TryStreamExt;
use pantau_shared::Lang;
use pantau_shared::code_table::CodeTables;
use pantau_shared::identity::IsoDate;
use pantau_shared::inspection::PlaceType;
use pantau_shared::region::RegionCode;
use pantau_shared::report::{
    ElectionPeriodLine, ElectionSection, FollowUpLine, MeetingLine, MonthlyReport, TeamHeader,
};
use pantau_shared::stats::{Dimension, ExportTable, Measure, StatsAnswer};
use pantau_shared::team::Role;
use pantau_shared::violation_codes::POLITICAL_ACTIVITY;
use pantau_shared::voter_list::{MatchStatus, NikConcern};
use serde::Deserialize;
use std::collections::BTreeMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/reports/monthly", get(monthly))
        .route("/reports/monthly.xlsx", get(monthly_xlsx))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct MonthlyQuery {
    /// The team's id.
    team: Option<String>,
    /// `YYYY-MM`.
    month: Option<String>,
}

fn invalid(field: &str, message: impl Into<String>) -> ApiError {
    ApiError::bad_request("invalid_query", message).with_field(field)
}

/// The first and last day of `YYYY-MM`.
fn month_bounds(raw: &str) -> Result<(IsoDate, IsoDate)> {
    let refused = || invalid("month", "month must be a month as YYYY-MM, e.g. 2026-11");
    let (year, month) = raw.split_once('-').ok_or_else(refused)?;
    if year.len() != 4 || month.len() != 2 {
        return Err(refused());
    }
    let year: i32 = year.parse().map_err(|_| refused())?;
    let month: u8 = month.parse().map_err(|_| refused())?;
    let first = IsoDate::from_ymd(year, month, 1).map_err(|_| refused())?;
    let (next_year, next_month) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    let next = IsoDate::from_ymd(next_year, next_month, 1).map_err(|_| refused())?;
    let last = next.date().previous_day().ok_or_else(refused)?;
    Ok((first, IsoDate::from(last)))
}

#[utoipa::path(
    get,
    path = "/api/reports/monthly",
    summary = "The monthly report of a team (Laporan Bulanan Tim PORA)",
    params(MonthlyQuery),
    responses((status = 200, description = "the report's sections"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn monthly(
    State(state): State<AppState>,
    signed_in: SignedIn,
    query: std::result::Result<Query<MonthlyQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<MonthlyReport>> {
    Ok(Json(build_report(&state, &signed_in, query).await?))
}

/// The report for the question asked, once the caller may have it.
async fn build_report(
    state: &AppState,
    signed_in: &SignedIn,
    query: std::result::Result<Query<MonthlyQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<MonthlyReport> {
    if !matches!(signed_in.officer.role, Role::Coordinator | Role::Central) {
        return Err(ApiError::forbidden(
            "the monthly report is for coordinators and the Kanwil",
        ));
    }
    let scope = signed_in.read_scope()?.clone();
    let Query(query) =
        query.map_err(|rejection| ApiError::bad_request("invalid_query", rejection.body_text()))?;
    let team_id = query
        .team
        .filter(|t| !t.trim().is_empty())
        .ok_or_else(|| invalid("team", "team is required"))?;
    let month = query
        .month
        .ok_or_else(|| invalid("month", "month is required"))?;
    let (first, last) = month_bounds(month.trim())?;
    let team = state.db.team(team_id.trim()).await?.ok_or_else(|| {
        ApiError::not_found(format!("there is no team {team_id}")).with_field("team")
    })?;
    if !scope.covers(&team.region_code) {
        return Err(ApiError::client(
            StatusCode::FORBIDDEN,
            "forbidden_scope",
            format!("team {} is outside your region", team.id),
        )
        .with_field("team"));
    }
    let question = |measure: Measure, by: Vec<Dimension>| StatsQuery {
        measure,
        by,
        region: team.region_code.clone(),
        from: Some(first.to_string()),
        to: Some(last.to_string()),
        filters: Vec::new(),
    };
    let inspections_by_place_type = answer(
        state,
        question(Measure::Inspections, vec![Dimension::PlaceType]),
    )
    .await?;
    let inspections_by_status = answer(
        state,
        question(Measure::Inspections, vec![Dimension::Status]),
    )
    .await?;
    let inspections_by_region = answer(
        state,
        question(Measure::Inspections, vec![Dimension::Region]),
    )
    .await?;
    let foreigners_checked = answer(
        state,
        question(
            Measure::Findings,
            vec![Dimension::Nationality, Dimension::PermitType],
        ),
    )
    .await?;
    let violations = answer(
        state,
        question(Measure::Violations, vec![Dimension::Violation]),
    )
    .await?;

    let rows = |table: ExportTable, measure: Measure| {
        let query = question(measure, Vec::new());
        let db = state.db.clone();
        async move {
            db.export_rows(table, &query)
                .try_collect::<Vec<Vec<Option<String>>>>()
                .await
        }
    };
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let list = |value: &Option<String>| match Cell::read(
        value.clone(),
        crate::db::export::ColumnKind::List,
    ) {
        Cell::Text(joined) => joined.split("; ").map(str::to_string).collect(),
        _ => Vec::new(),
    };
    // Columns as `db::export` lists them for each table.
    let meetings = rows(ExportTable::Meetings, Measure::Meetings)
        .await?
        .iter()
        .map(|row| MeetingLine {
            date: text(&row[1]),
            theme: text(&row[2]),
            place: text(&row[3]),
            chair: text(&row[4]),
            agencies: list(&row[5]),
            decisions: text(&row[6]),
        })
        .collect();
    let mut warrant_numbers: Vec<String> = rows(ExportTable::Inspections, Measure::Inspections)
        .await?
        .iter()
        .filter_map(|row| row[5].clone().filter(|w| !w.trim().is_empty()))
        .collect();
    warrant_numbers.sort();
    warrant_numbers.dedup();
    let (mut recommended_actions, mut decided_actions) = (BTreeMap::new(), BTreeMap::new());
    for row in rows(ExportTable::Findings, Measure::Findings).await? {
        // A cancelled decision decided nothing.
        let cancelled = row[10].as_deref() == Some("cancelled");
        for (column, counts) in [(8, &mut recommended_actions), (9, &mut decided_actions)] {
            if column == 9 && cancelled {
                continue;
            }
            if let Some(action) = row[column].clone().filter(|a| !a.is_empty()) {
                *counts.entry(action).or_insert(0) += 1;
            }
        }
    }
    let follow_ups = rows(ExportTable::FollowUps, Measure::FollowUps)
        .await?
        .iter()
        .map(|row| FollowUpLine {
            due_date: text(&row[1]),
            description: text(&row[2]),
            owner_agency: text(&row[3]),
            status: text(&row[4]),
        })
        .collect();
    let election = election_section(
        state,
        &team.region_code,
        (first, last),
        &inspections_by_place_type,
        &violations,
    )
    .await?;
    let as_of = inspections_by_place_type.as_of.clone();
    // The month ends at midnight office time (WITA) after its last day.
    let month_end_ms = last
        .date()
        .next_day()
        .map(|day| day.midnight().assume_offset(time::macros::offset!(+8)))
        .map_or(i64::MAX, |end| end.unix_timestamp() * 1000);
    let log_checkpoint = Some(state.db.signed_log_checkpoint(month_end_ms).await?);
    let report = MonthlyReport {
        team: TeamHeader {
            region_name: pantau_shared::wilayah::name_of(team.region_code.as_str())
                .map(str::to_string),
            region_code: team.region_code.as_str().to_string(),
            id: team.id,
            name: team.name,
        },
        month: month.trim().to_string(),
        from: first.to_string(),
        to: last.to_string(),
        as_of,
        meetings,
        inspections_by_place_type,
        inspections_by_status,
        inspections_by_region,
        warrant_numbers,
        foreigners_checked,
        violations,
        recommended_actions,
        decided_actions,
        follow_ups,
        election,
        log_checkpoint,
    };
    Ok(report)
}

/// Section V, when an election period of the team's region (or one covering it, or one
/// of its parts) runs — from campaign start to voting day — during the month.
async fn election_section(
    state: &AppState,
    region: &RegionCode,
    (first, last): (IsoDate, IsoDate),
    inspections_by_place_type: &StatsAnswer,
    violations: &StatsAnswer,
) -> Result<Option<ElectionSection>> {
    let mut periods: Vec<ElectionPeriodLine> = state
        .db
        .election_periods()
        .await?
        .into_iter()
        .filter(|period| {
            (period.region_code.covers(region) || region.covers(&period.region_code))
                && period.campaign_start <= last
                && period.voting_day >= first
        })
        .map(|period| ElectionPeriodLine {
            name: period.name.as_str().to_string(),
            region_code: period.region_code.as_str().to_string(),
            campaign_start: period.campaign_start.to_string(),
            campaign_end: period.campaign_end.to_string(),
            voting_day: period.voting_day.to_string(),
        })
        .collect();
    if periods.is_empty() {
        return Ok(None);
    }
    periods.sort_by(|a, b| (&a.voting_day, &a.name).cmp(&(&b.voting_day, &b.name)));
    let today = state.settings.clock.office_today().to_string();
    let holders = state.db.nik_holders(region.as_str()).await?;
    let nik_concerns = holders
        .iter()
        .filter(|holder| {
            !flag_set(holder.naturalised.as_deref())
                && NikConcern::of(
                    holder.permit_type.as_deref(),
                    holder.permit_expiry.as_deref(),
                    &today,
                )
                .is_some()
        })
        .count();
    Ok(Some(ElectionSection {
        periods,
        political_activity_findings: violations.count_of(POLITICAL_ACTIVITY),
        inspections_at_campaign_events: inspections_by_place_type
            .count_of(PlaceType::CampaignEvent.code()),
        inspections_at_polling_stations: inspections_by_place_type
            .count_of(PlaceType::PollingStation.code()),
        nik_holders: holders.len() as i64,
        nik_concerns: nik_concerns as i64,
        voter_matches: state.db.voter_match_counts(region.as_str()).await?,
    }))
}

/// The report's tables as sheets of a workbook, one table each, for the Kanwil's recap.
fn recap_sheets(report: &MonthlyReport, tables: &CodeTables) -> Vec<Sheet> {
    let actions_table = &tables.administrative_actions;
    // Agencies by their names, as the report's screen shows them.
    let agency = |code: &str| tables.agencies.label_of(code, Lang::Id).to_string();
    let text = |value: &str| {
        if value.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(value.to_string())
        }
    };
    let count = |n: i64| Cell::Number(n as f64);
    let headers = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
    // A breakdown's rows: the Indonesian label of each key, then the count; a total last.
    let breakdown = |name: &str, columns: &[&str], answer: &StatsAnswer| Sheet {
        name: name.to_string(),
        headers: headers(columns),
        rows: answer
            .rows
            .iter()
            .map(|row| {
                let mut cells: Vec<Cell> = row.labels.iter().map(|l| text(&l.id)).collect();
                cells.push(count(row.count));
                cells
            })
            .chain(std::iter::once({
                let mut cells = vec![Cell::Text("Jumlah".into())];
                cells.resize_with(columns.len() - 1, || Cell::Empty);
                cells.push(count(answer.total));
                cells
            }))
            .collect(),
    };
    let mut actions: Vec<&String> = report
        .recommended_actions
        .keys()
        .chain(report.decided_actions.keys())
        .collect();
    actions.sort();
    actions.dedup();
    let mut sheets = vec![
        Sheet {
            name: "Ringkasan".into(),
            headers: headers(&["Tim", "Wilayah", "Bulan", "Dari", "Sampai", "Data per"]),
            rows: vec![vec![
                text(&report.team.name),
                text(
                    report
                        .team
                        .region_name
                        .as_deref()
                        .unwrap_or(&report.team.region_code),
                ),
                text(&report.month),
                Cell::Date(report.from.clone()),
                Cell::Date(report.to.clone()),
                text(&report.as_of),
            ]],
        },
        Sheet {
            name: "I Rakor".into(),
            headers: headers(&[
                "Tanggal",
                "Tema",
                "Tempat",
                "Pimpinan",
                "Instansi hadir",
                "Keputusan",
            ]),
            rows: report
                .meetings
                .iter()
                .map(|m| {
                    vec![
                        Cell::Date(m.date.clone()),
                        text(&m.theme),
                        text(&m.place),
                        text(&m.chair),
                        text(
                            &m.agencies
                                .iter()
                                .map(|code| agency(code))
                                .collect::<Vec<_>>()
                                .join("; "),
                        ),
                        text(&m.decisions),
                    ]
                })
                .collect(),
        },
        breakdown(
            "II Jenis tempat",
            &["Jenis tempat", "Pemeriksaan"],
            &report.inspections_by_place_type,
        ),
        breakdown(
            "II Status",
            &["Status", "Pemeriksaan"],
            &report.inspections_by_status,
        ),
        Sheet {
            name: "II Surat perintah".into(),
            headers: headers(&["Nomor surat perintah"]),
            rows: report
                .warrant_numbers
                .iter()
                .map(|w| vec![text(w)])
                .collect(),
        },
        breakdown(
            "II Orang asing",
            &["Kewarganegaraan", "Izin tinggal", "Temuan"],
            &report.foreigners_checked,
        ),
        breakdown(
            "III Pelanggaran",
            &["Pelanggaran", "Jumlah"],
            &report.violations,
        ),
        Sheet {
            name: "III TAK".into(),
            headers: headers(&["Tindakan", "Direkomendasikan", "Diputuskan"]),
            rows: actions
                .into_iter()
                .map(|code| {
                    let label = actions_table.label_of(code, Lang::Id).to_string();
                    vec![
                        Cell::Text(label),
                        count(report.recommended_actions.get(code).copied().unwrap_or(0)),
                        count(report.decided_actions.get(code).copied().unwrap_or(0)),
                    ]
                })
                .collect(),
        },
        Sheet {
            name: "IV Tindak lanjut".into(),
            headers: headers(&["Batas waktu", "Tindak lanjut", "Penanggung jawab", "Status"]),
            rows: report
                .follow_ups
                .iter()
                .map(|f| {
                    vec![
                        Cell::Date(f.due_date.clone()),
                        text(&f.description),
                        text(&agency(&f.owner_agency)),
                        text(&f.status),
                    ]
                })
                .collect(),
        },
    ];
    if let Some(election) = &report.election {
        sheets.push(election_sheet(election));
    }
    if let Some(checkpoint) = &report.log_checkpoint {
        sheets.push(Sheet {
            name: "Log bertanda tangan".into(),
            headers: headers(&[
                "Jumlah catatan",
                "Akar (RFC 6962)",
                "Hash daun terakhir",
                "Tanda tangan server",
                "Kunci publik server",
            ]),
            rows: vec![vec![
                count(checkpoint.tree_size as i64),
                text(&checkpoint.root),
                text(&checkpoint.leaf_hash),
                text(&checkpoint.signature),
                text(&checkpoint.server_key),
            ]],
        });
    }
    sheets
}

/// Section V as a sheet: the election periods, then each measure with its figure.
fn election_sheet(election: &ElectionSection) -> Sheet {
    let line = |what: String, value: i64| vec![Cell::Text(what), Cell::Number(value as f64)];
    let mut rows: Vec<Vec<Cell>> = election
        .periods
        .iter()
        .map(|period| {
            vec![
                Cell::Text(format!(
                    "Periode pemilu: {} (kampanye {} – {}, pemungutan suara {})",
                    period.name, period.campaign_start, period.campaign_end, period.voting_day
                )),
                Cell::Empty,
            ]
        })
        .collect();
    rows.push(line(
        "Temuan kegiatan politik".into(),
        election.political_activity_findings,
    ));
    rows.push(line(
        "Pemeriksaan di kegiatan kampanye".into(),
        election.inspections_at_campaign_events,
    ));
    rows.push(line(
        "Pemeriksaan di TPS".into(),
        election.inspections_at_polling_stations,
    ));
    rows.push(line(
        "Orang asing pemegang NIK".into(),
        election.nik_holders,
    ));
    rows.push(line(
        "… di antaranya tanpa ITAP yang berlaku".into(),
        election.nik_concerns,
    ));
    for status in MatchStatus::ALL {
        rows.push(line(
            format!("Kecocokan DPT: {}", status.label(Lang::Id)),
            election
                .voter_matches
                .get(status.code())
                .copied()
                .unwrap_or(0),
        ));
    }
    Sheet {
        name: "V Pemilu".into(),
        headers: vec!["Ukuran".into(), "Jumlah".into()],
        rows,
    }
}

#[utoipa::path(
    get,
    path = "/api/reports/monthly.xlsx",
    summary = "The monthly report as an XLSX recap, one sheet per table",
    params(MonthlyQuery),
    responses((status = 200, description = "the workbook"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn monthly_xlsx(
    State(state): State<AppState>,
    signed_in: SignedIn,
    query: std::result::Result<Query<MonthlyQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response> {
    let report = build_report(&state, &signed_in, query).await?;
    let name = format!("laporan-bulanan-{}-{}.xlsx", report.team.id, report.month);
    let tables = state.db.code_tables().await?;
    let sheets = recap_sheets(&report, &tables);
    let rows: usize = sheets.iter().map(|s| s.rows.len()).sum();
    let (file, _size) = tokio::task::spawn_blocking(move || write_workbook(sheets))
        .await
        .map_err(anyhow::Error::from)?
        .map_err(anyhow::Error::from)?;
    state
        .log_read(
            &signed_in,
            "export",
            &name,
            &format!("team={}&month={}", report.team.id, report.month),
            rows as i64,
        )
        .await?;
    let body = Body::from_stream(tokio_util::io::ReaderStream::new(
        tokio::fs::File::from_std(file),
    ));
    Ok((
        StatusCode::OK,
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response())
}
