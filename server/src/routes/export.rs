//! Exports: `GET /api/export/{table}.{csv|xlsx}` with the filters of the stats API.
//! `table` is `subjects`, `inspections`, `findings`, `follow_ups` (the records a measure
//! counts) or `stats` (a table of counts, with `measure` and `by`). Lists of named people
//! are for coordinators and the Kanwil. Every export is written to the access log with
//! its filters and how many rows went out.

use super::stats::{answer, parse_query};
use crate::auth::SignedIn;
use crate::db::Db;
use crate::db::export::{AccessEntry, ExportRow, columns};
use crate::db::stats::StatsQuery;
use crate::error::{ApiError, Result};
use crate::export::{Cell, CsvLines, write_xlsx};
use crate::state::AppState;
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::TryStreamExt;
use pantau_shared::stats::{ExportTable, StatsAnswer};
use pantau_shared::team::Role;
use tokio::sync::mpsc;

pub fn router() -> Router<AppState> {
    Router::new().route("/export/{file}", get(export))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileFormat {
    Csv,
    Xlsx,
}

/// Who asked for what, kept for the access log once the rows are counted.
struct Asked {
    db: Db,
    officer_id: String,
    device_id: String,
    file: String,
    filters: String,
    now_ms: i64,
}

impl Asked {
    async fn log(&self, row_count: i64) {
        let entry = AccessEntry {
            officer_id: &self.officer_id,
            device_id: &self.device_id,
            action: "export",
            target: &self.file,
            filters: &self.filters,
            row_count,
            at_ms: self.now_ms,
        };
        if let Err(error) = self.db.log_access(&entry).await {
            tracing::error!(%error, file = %self.file, "an export could not be written to the access log");
        }
    }
}

#[utoipa::path(
    get,
    path = "/api/export/{file}",
    summary = "A table as CSV or XLSX, streamed",
    params(("file" = String, Path, description = "table and format, e.g. subjects.csv")),
    responses((status = 200, description = "the file"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn export(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(file): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response> {
    let (table, format) = parse_file(&file)?;
    let scope = signed_in.read_scope()?.clone();
    if table.names_people() && !matches!(signed_in.officer.role, Role::Coordinator | Role::Central)
    {
        return Err(ApiError::forbidden(
            "lists of named people are for coordinators and the Kanwil",
        ));
    }
    let filters = raw.unwrap_or_default();
    let query = parse_query(&filters, &scope, table.measure())?;
    state.db.refresh_stat_units().await?;
    let asked = Asked {
        db: state.db.clone(),
        officer_id: signed_in.officer.id.to_string(),
        device_id: signed_in.device_id.to_string(),
        file: file.clone(),
        filters,
        now_ms: state.settings.clock.now_ms(),
    };
    let name = format!(
        "pantau-{}-{}.{}",
        table.code(),
        query.region.as_str(),
        extension(format)
    );
    let body = match (table, format) {
        (ExportTable::Stats, _) => {
            let counts = answer(&state, query).await?;
            let (headers, rows) = stats_table(&counts);
            let row_count = rows.len() as i64;
            let body = match format {
                FileFormat::Csv => csv_body(&headers, rows.into_iter())?,
                FileFormat::Xlsx => xlsx_body(table.code(), headers, rows.into_iter()).await?,
            };
            asked.log(row_count).await;
            body
        }
        (_, FileFormat::Csv) => stream_csv(table, query, asked)?,
        (_, FileFormat::Xlsx) => records_xlsx(table, query, asked).await?,
    };
    let content_type = match format {
        FileFormat::Csv => "text/csv; charset=utf-8",
        FileFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    };
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, content_type.to_string()),
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

fn parse_file(file: &str) -> Result<(ExportTable, FileFormat)> {
    let unknown = || {
        let tables: Vec<&str> = ExportTable::ALL.iter().map(|t| t.code()).collect();
        ApiError::client(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("exports are {{{}}}.csv or .xlsx", tables.join(", ")),
        )
        .with_field("table")
    };
    let (name, extension) = file.rsplit_once('.').ok_or_else(unknown)?;
    let table = ExportTable::parse(name).ok_or_else(unknown)?;
    let format = match extension {
        "csv" => FileFormat::Csv,
        "xlsx" => FileFormat::Xlsx,
        _ => return Err(unknown()),
    };
    Ok((table, format))
}

fn extension(format: FileFormat) -> &'static str {
    match format {
        FileFormat::Csv => "csv",
        FileFormat::Xlsx => "xlsx",
    }
}

fn headers_of(table: ExportTable) -> Vec<String> {
    columns(table)
        .iter()
        .map(|c| c.header.to_string())
        .collect()
}

fn cells_of(table: ExportTable, row: ExportRow) -> Vec<Cell> {
    row.into_iter()
        .zip(columns(table))
        .map(|(value, column)| Cell::read(value, column.kind))
        .collect()
}

/// A table of counts as it shows on screen: each key with its label, then the count.
fn stats_table(counts: &StatsAnswer) -> (Vec<String>, Vec<Vec<Cell>>) {
    let mut headers = Vec::new();
    for dimension in &counts.by {
        headers.push(dimension.code().to_string());
        headers.push(format!("{}_label", dimension.code()));
    }
    headers.push("count".to_string());
    let rows = counts
        .rows
        .iter()
        .map(|row| {
            let mut cells = Vec::new();
            for (key, label) in row.keys.iter().zip(&row.labels) {
                cells.push(key.clone().map_or(Cell::Empty, Cell::Text));
                cells.push(Cell::Text(label.id.clone()));
            }
            cells.push(Cell::Number(row.count as f64));
            cells
        })
        .collect();
    (headers, rows)
}

fn csv_body(headers: &[String], rows: impl Iterator<Item = Vec<Cell>>) -> Result<Body> {
    let mut lines = CsvLines::new(headers).map_err(anyhow::Error::from)?;
    for cells in rows {
        lines.push(&cells).map_err(anyhow::Error::from)?;
    }
    Ok(Body::from(lines.take().map_err(anyhow::Error::from)?))
}

/// Streams a table of records as CSV while the database reads it. The task keeps the
/// sending half until the access log has the rows that went out, so the download ends
/// only once the export is on record.
fn stream_csv(table: ExportTable, query: StatsQuery, asked: Asked) -> Result<Body> {
    let mut lines = CsvLines::new(&headers_of(table)).map_err(anyhow::Error::from)?;
    let (chunks, receiver) = mpsc::channel::<std::io::Result<Vec<u8>>>(4);
    tokio::spawn(async move {
        let mut sent = 0i64;
        let outcome: anyhow::Result<()> = async {
            let mut rows = asked.db.export_rows(table, &query);
            while let Some(row) = rows.try_next().await? {
                lines.push(&cells_of(table, row))?;
                sent += 1;
                if sent % 500 == 0 && chunks.send(Ok(lines.take()?)).await.is_err() {
                    return Ok(());
                }
            }
            let _ = chunks.send(Ok(lines.take()?)).await;
            Ok(())
        }
        .await;
        if let Err(error) = outcome {
            tracing::error!(%error, "an export stopped part way");
            let _ = chunks
                .send(Err(std::io::Error::other("the export stopped part way")))
                .await;
        }
        asked.log(sent).await;
    });
    Ok(Body::from_stream(futures_util::stream::unfold(
        receiver,
        |mut receiver| async move { receiver.recv().await.map(|chunk| (chunk, receiver)) },
    )))
}

/// Writes a table of records into an XLSX file as the database reads it, then streams
/// the file.
async fn records_xlsx(table: ExportTable, query: StatsQuery, asked: Asked) -> Result<Body> {
    let (rows_in, mut rows_out) = mpsc::channel::<Vec<Cell>>(256);
    let writer = tokio::task::spawn_blocking(move || {
        write_xlsx(
            table.code(),
            &headers_of(table),
            std::iter::from_fn(|| rows_out.blocking_recv()),
        )
    });
    let mut sent = 0i64;
    let mut rows = asked.db.export_rows(table, &query);
    while let Some(row) = rows.try_next().await? {
        if rows_in.send(cells_of(table, row)).await.is_err() {
            break;
        }
        sent += 1;
    }
    drop(rows);
    drop(rows_in);
    let body = file_body(writer.await.map_err(anyhow::Error::from)?)?;
    asked.log(sent).await;
    Ok(body)
}

async fn xlsx_body(
    sheet: &'static str,
    headers: Vec<String>,
    rows: impl Iterator<Item = Vec<Cell>> + Send + 'static,
) -> Result<Body> {
    let written = tokio::task::spawn_blocking(move || write_xlsx(sheet, &headers, rows))
        .await
        .map_err(anyhow::Error::from)?;
    file_body(written)
}

fn file_body(
    written: std::result::Result<(std::fs::File, u64), rust_xlsxwriter::XlsxError>,
) -> Result<Body> {
    let (file, _size) = written.map_err(anyhow::Error::from)?;
    let file = tokio::fs::File::from_std(file);
    Ok(Body::from_stream(tokio_util::io::ReaderStream::new(file)))
}
