//! Exports: tables of records and of counts as CSV and XLSX, read back and compared with
//! the stats answer and the records; who may export what; and the access log.

use crate::helpers::{Engine, OneshotBytes, Session, TestApp};
use crate::on_both_backends;
use crate::stats::world_with_office;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use pantau_shared::stats::Measure;
use pantau_shared::team::Role;

pub async fn download(app: &TestApp, session: &Session, path: &str) -> (StatusCode, Vec<u8>) {
    let request = Request::get(path)
        .header(header::AUTHORIZATION, format!("Bearer {}", session.token))
        .body(Body::empty())
        .expect("request");
    app.router.clone().oneshot_bytes(request).await
}

fn csv_rows(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(bytes);
    let headers = reader
        .headers()
        .expect("a header row")
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            r.expect("an RFC 4180 line")
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect();
    (headers, rows)
}

pub fn sheet(bytes: Vec<u8>, name: &str) -> Vec<Vec<Data>> {
    let mut workbook: Xlsx<_> =
        open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("an XLSX workbook");
    let range = workbook.worksheet_range(name).expect("the sheet");
    range.rows().map(<[Data]>::to_vec).collect()
}

/// The exports on the access log of one officer (sign-ins are on it too).
pub async fn exports_logged(app: &TestApp, username: &str) -> Vec<(String, String, String, i64)> {
    let officer = officer_id(app, username).await;
    let mut logged = app.db.access_log(&officer).await.expect("log");
    logged.retain(|(action, ..)| action == "export");
    logged
}

async fn officer_id(app: &TestApp, username: &str) -> String {
    let (id,): (String,) = sqlx::query_as("SELECT id FROM officers WHERE username = $1")
        .bind(username)
        .fetch_one(&app.db.pool)
        .await
        .expect("officer");
    id
}

async fn records_export_as_the_stats_count_them(engine: Engine) {
    let (app, world, kanwil) = world_with_office(engine).await;
    let stats = app
        .request(
            "GET",
            "/api/stats?measure=subjects&nationality=AUS",
            Some(&kanwil.token),
            None,
        )
        .await;
    let (status, bytes) = download(&app, &kanwil, "/api/export/subjects.csv?nationality=AUS").await;
    assert_eq!(status, StatusCode::OK);
    let (headers, rows) = csv_rows(&bytes);
    assert_eq!(headers[..3], ["region_code", "full_name", "sex"]);
    assert_eq!(
        rows.len() as i64,
        stats.body["total"].as_i64().expect("total")
    );
    let nationality = headers
        .iter()
        .position(|h| h == "nationality")
        .expect("column");
    assert!(rows.iter().all(|r| r[nationality] == "AUS"));

    // Every live inspection once, in XLSX, its agencies as one cell.
    let (status, bytes) = download(&app, &kanwil, "/api/export/inspections.xlsx").await;
    assert_eq!(status, StatusCode::OK);
    let rows = sheet(bytes, "inspections");
    assert_eq!(rows.len() - 1, world.units(Measure::Inspections).len());
    assert_eq!(rows[0][0], Data::String("region_code".into()));

    // Findings of one regency in November, with the person's name.
    let (_, bytes) = download(
        &app,
        &kanwil,
        "/api/export/findings.csv?region=51.01&from=2026-11-01&to=2026-11-30",
    )
    .await;
    let (headers, rows) = csv_rows(&bytes);
    let expected = world
        .units(Measure::Findings)
        .iter()
        .filter(|u| u.region.starts_with("51.01"))
        .filter(|u| {
            u.day
                .as_deref()
                .is_some_and(|d| ("2026-11-01"..="2026-11-30").contains(&d))
        })
        .count();
    assert_eq!(rows.len(), expected);
    let name = headers
        .iter()
        .position(|h| h == "full_name")
        .expect("column");
    assert!(rows.iter().all(|r| r[name].starts_with("CONTOH STATISTIK")));
}
on_both_backends!(records_export_as_the_stats_count_them);

async fn a_table_of_counts_reads_back_cell_by_cell(engine: Engine) {
    let (app, _, kanwil) = world_with_office(engine).await;
    let question = "measure=violations&by=region&by=violation";
    let stats = app
        .request(
            "GET",
            &format!("/api/stats?{question}"),
            Some(&kanwil.token),
            None,
        )
        .await;
    let expected = stats.body["rows"].as_array().expect("rows").clone();
    assert!(!expected.is_empty());
    let (status, bytes) =
        download(&app, &kanwil, &format!("/api/export/stats.xlsx?{question}")).await;
    assert_eq!(status, StatusCode::OK);
    let rows = sheet(bytes, "stats");
    assert_eq!(
        rows[0],
        [
            "region",
            "region_label",
            "violation",
            "violation_label",
            "count"
        ]
        .map(|h| Data::String(h.into()))
    );
    assert_eq!(rows.len() - 1, expected.len());
    for (row, answer) in rows[1..].iter().zip(&expected) {
        let key = |n: usize| match answer["keys"][n].as_str() {
            Some(key) => Data::String(key.into()),
            None => Data::Empty,
        };
        assert_eq!(row[0], key(0));
        assert_eq!(
            row[1],
            Data::String(answer["labels"][0]["id"].as_str().expect("label").into())
        );
        assert_eq!(row[2], key(1));
        assert_eq!(
            row[4],
            Data::Float(answer["count"].as_f64().expect("count")),
            "a typed number"
        );
    }
    let (_, bytes) = download(&app, &kanwil, &format!("/api/export/stats.csv?{question}")).await;
    let (_, lines) = csv_rows(&bytes);
    assert_eq!(lines.len(), expected.len());
    assert_eq!(lines[0][4], expected[0]["count"].to_string());
}
on_both_backends!(a_table_of_counts_reads_back_cell_by_cell);

async fn dates_are_typed_cells(engine: Engine) {
    let (app, _, kanwil) = world_with_office(engine).await;
    let (_, bytes) = download(&app, &kanwil, "/api/export/follow_ups.xlsx").await;
    let rows = sheet(bytes, "follow_ups");
    let due = rows[0]
        .iter()
        .position(|h| *h == Data::String("due_date".into()))
        .expect("column");
    assert!(rows.len() > 1);
    for row in &rows[1..] {
        assert!(matches!(row[due], Data::DateTime(_)), "{:?}", row[due]);
    }
}
on_both_backends!(dates_are_typed_cells);

async fn exports_are_refused_by_role_and_parameter_and_logged_only_when_made(engine: Engine) {
    let (app, _, kanwil) = world_with_office(engine).await;
    let field = app.officer("petugas_ekspor", Role::Field, "jembrana").await;
    for (path, status, code) in [
        (
            "/api/export/subjects.csv",
            StatusCode::FORBIDDEN,
            "forbidden",
        ),
        (
            "/api/export/findings.xlsx",
            StatusCode::FORBIDDEN,
            "forbidden",
        ),
        ("/api/export/people.csv", StatusCode::NOT_FOUND, "not_found"),
        (
            "/api/export/inspections.pdf",
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            "/api/export/inspections.csv?region=51.08",
            StatusCode::FORBIDDEN,
            "forbidden_scope",
        ),
        (
            "/api/export/inspections.csv?from=2026-13-01",
            StatusCode::BAD_REQUEST,
            "invalid_query",
        ),
        (
            "/api/export/inspections.csv?measure=subjects",
            StatusCode::BAD_REQUEST,
            "invalid_query",
        ),
        (
            "/api/export/stats.csv?by=region",
            StatusCode::BAD_REQUEST,
            "invalid_query",
        ),
    ] {
        let response = app.request("GET", path, Some(&field.token), None).await;
        assert_eq!(
            (response.status, response.error_code()),
            (status, code),
            "{path}"
        );
    }
    assert_eq!(exports_logged(&app, "petugas_ekspor").await, vec![]);

    let (status, bytes) = download(&app, &field, "/api/export/inspections.csv?region=51.01").await;
    assert_eq!(status, StatusCode::OK);
    let (_, rows) = csv_rows(&bytes);
    let (status, _) = download(
        &app,
        &kanwil,
        "/api/export/stats.xlsx?measure=subjects&by=nationality",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let logged = exports_logged(&app, "petugas_ekspor").await;
    assert_eq!(
        logged,
        vec![(
            "export".into(),
            "inspections.csv".into(),
            "region=51.01".into(),
            rows.len() as i64
        )]
    );
    let logged = exports_logged(&app, "kanwil").await;
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0].1, "stats.xlsx");
    assert_eq!(logged[0].2, "measure=subjects&by=nationality");
}
on_both_backends!(exports_are_refused_by_role_and_parameter_and_logged_only_when_made);
