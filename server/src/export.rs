//! Exported tables as files: CSV (UTF-8, RFC 4180, one header row) written as rows
//! arrive, and XLSX (one sheet, frozen header, autofilter, dates and numbers as typed
//! cells) written in the spreadsheet writer's constant-memory mode to a temporary file.
//! Either way memory holds one row at a time, whatever the size of the table.

use crate::db::export::ColumnKind;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};
use std::io::{Seek, SeekFrom};

/// One cell as the table gives it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// `YYYY-MM-DD`.
    Date(String),
    Number(f64),
}

impl Cell {
    /// A stored value read as a column of `kind`: a list of codes becomes `a; b`.
    pub fn read(value: Option<String>, kind: ColumnKind) -> Cell {
        let Some(value) = value.filter(|v| !v.is_empty()) else {
            return Cell::Empty;
        };
        match kind {
            ColumnKind::Text => Cell::Text(value),
            ColumnKind::Date => Cell::Date(value),
            ColumnKind::List => {
                let items: Vec<String> =
                    serde_json::from_str::<Vec<String>>(&value).unwrap_or_default();
                if items.is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(items.join("; "))
                }
            }
        }
    }

    fn as_text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) | Cell::Date(text) => text.clone(),
            Cell::Number(n) => n.to_string(),
        }
    }
}

/// Writes CSV lines into a buffer that the caller drains as chunks.
pub struct CsvLines {
    writer: csv::Writer<Vec<u8>>,
}

impl CsvLines {
    fn writer() -> csv::Writer<Vec<u8>> {
        csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new())
    }

    pub fn new(headers: &[String]) -> csv::Result<CsvLines> {
        let mut writer = CsvLines::writer();
        writer.write_record(headers)?;
        Ok(CsvLines { writer })
    }

    pub fn push(&mut self, cells: &[Cell]) -> csv::Result<()> {
        self.writer.write_record(cells.iter().map(Cell::as_text))
    }

    /// The bytes written so far; the lines that follow start a new buffer.
    pub fn take(&mut self) -> std::io::Result<Vec<u8>> {
        std::mem::replace(&mut self.writer, CsvLines::writer())
            .into_inner()
            .map_err(|error| std::io::Error::other(error.to_string()))
    }
}

/// One sheet of a workbook: its name, its headers and its rows.
pub struct Sheet {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// Writes an XLSX workbook of one sheet from rows received one at a time, into a
/// temporary file (removed when dropped), and hands the file back ready to read.
pub fn write_xlsx(
    sheet_name: &str,
    headers: &[String],
    rows: impl Iterator<Item = Vec<Cell>>,
) -> Result<(std::fs::File, u64), XlsxError> {
    let mut workbook = Workbook::new();
    write_sheet(&mut workbook, sheet_name, headers, rows)?;
    save(workbook)
}

/// Writes a workbook of several small sheets, in order.
pub fn write_workbook(sheets: Vec<Sheet>) -> Result<(std::fs::File, u64), XlsxError> {
    let mut workbook = Workbook::new();
    for sheet in sheets {
        write_sheet(
            &mut workbook,
            &sheet.name,
            &sheet.headers,
            sheet.rows.into_iter(),
        )?;
    }
    save(workbook)
}

/// Adds a sheet written row by row (constant memory): bold headers, typed cells, dates
/// as dates, the header row frozen and filterable.
fn write_sheet(
    workbook: &mut Workbook,
    sheet_name: &str,
    headers: &[String],
    rows: impl Iterator<Item = Vec<Cell>>,
) -> Result<(), XlsxError> {
    let header_format = Format::new().set_bold();
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    sheet.set_name(sheet_name)?;
    for (col, header) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, header, &header_format)?;
    }
    let mut last_row = 0u32;
    for (index, cells) in rows.enumerate() {
        let row = index as u32 + 1;
        for (col, cell) in cells.iter().enumerate() {
            let col = col as u16;
            match cell {
                Cell::Empty => {}
                Cell::Text(text) => {
                    sheet.write_string(row, col, text)?;
                }
                Cell::Number(number) => {
                    sheet.write_number(row, col, *number)?;
                }
                Cell::Date(text) => match excel_date(text) {
                    Some(date) => {
                        sheet.write_datetime_with_format(row, col, &date, &date_format)?;
                    }
                    None => {
                        sheet.write_string(row, col, text)?;
                    }
                },
            }
        }
        last_row = row;
    }
    let last_col = headers.len().saturating_sub(1) as u16;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last_row, last_col)?;
    Ok(())
}

/// Saves the workbook into a temporary file, rewound for reading.
fn save(mut workbook: Workbook) -> Result<(std::fs::File, u64), XlsxError> {
    let mut file = tempfile::tempfile()?;
    workbook.save_to_writer(&mut file)?;
    let size = file.seek(SeekFrom::End(0))?;
    file.seek(SeekFrom::Start(0))?;
    Ok((file, size))
}

fn excel_date(text: &str) -> Option<ExcelDateTime> {
    let date = pantau_shared::identity::IsoDate::parse(text).ok()?.date();
    ExcelDateTime::from_ymd(date.year() as u16, date.month() as u8, date.day()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_blanks_read_as_cells() {
        assert_eq!(
            Cell::read(Some(r#"["POLRES","KPU"]"#.into()), ColumnKind::List),
            Cell::Text("POLRES; KPU".into())
        );
        assert_eq!(Cell::read(Some("[]".into()), ColumnKind::List), Cell::Empty);
        assert_eq!(Cell::read(None, ColumnKind::Text), Cell::Empty);
        assert_eq!(
            Cell::read(Some("2026-11-30".into()), ColumnKind::Date),
            Cell::Date("2026-11-30".into())
        );
    }

    #[test]
    fn csv_quotes_what_needs_quoting() {
        let mut lines = CsvLines::new(&["a".into(), "b".into()]).expect("header");
        lines
            .push(&[
                Cell::Text("Jl. Contoh, No. 1".into()),
                Cell::Text("kata \"kutip\"".into()),
            ])
            .expect("row");
        let text = String::from_utf8(lines.take().expect("bytes")).expect("UTF-8");
        assert_eq!(
            text,
            "a,b\r\n\"Jl. Contoh, No. 1\",\"kata \"\"kutip\"\"\"\r\n"
        );
    }
}
