//! Reading a voter-list extract (DPT) and matching it against the foreign nationals in
//! scope. The extract streams through row by row — a regency's list runs to hundreds of
//! thousands of rows — and only the matched rows come out of it: the rest of the list is
//! other citizens' personal data, read once and dropped.
//!
//! A row matches a foreign national first by the same NIK; failing that, by the same
//! name (accents, case, spacing and word order aside) and date of birth, which is a
//! weaker match and shown as such.

use pantau_shared::duplicates::normalise_name;
use pantau_shared::identity::{IsoDate, Nik};
use pantau_shared::invalid::Invalid;
use pantau_shared::voter_list::{MatchStrength, REQUIRED_COLUMNS, RowProblem};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};

/// The most row problems a check reports line by line; the rest are counted.
pub const MAX_PROBLEMS_LISTED: usize = 200;

/// A foreign national as the check compares them.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Foreigner {
    pub id: String,
    pub region: String,
    pub nik: Option<String>,
    pub full_name: Option<String>,
    pub date_of_birth: Option<String>,
}

/// The foreign nationals in scope, looked up by NIK and by name and date of birth.
#[derive(Debug, Default)]
pub struct Register {
    foreigners: Vec<Foreigner>,
    by_nik: HashMap<String, Vec<usize>>,
    by_name_birth: HashMap<(String, String), Vec<usize>>,
}

impl Register {
    pub fn new(foreigners: Vec<Foreigner>) -> Register {
        let mut register = Register::default();
        for (n, foreigner) in foreigners.iter().enumerate() {
            if let Some(nik) = &foreigner.nik {
                register.by_nik.entry(nik.clone()).or_default().push(n);
            }
            if let (Some(name), Some(born)) = (&foreigner.full_name, &foreigner.date_of_birth) {
                let key = (normalise_name(name), born.clone());
                register.by_name_birth.entry(key).or_default().push(n);
            }
        }
        register.foreigners = foreigners;
        register
    }

    pub fn len(&self) -> usize {
        self.foreigners.len()
    }

    pub fn is_empty(&self) -> bool {
        self.foreigners.is_empty()
    }

    /// The foreign nationals a row matches, each once, the NIK matches first.
    fn matches(&self, row: &VoterRow) -> Vec<(&Foreigner, MatchStrength)> {
        let mut found: Vec<(&Foreigner, MatchStrength)> = Vec::new();
        for &n in self.by_nik.get(&row.nik).into_iter().flatten() {
            found.push((&self.foreigners[n], MatchStrength::Nik));
        }
        let key = (normalise_name(&row.name), row.born.to_string());
        for &n in self.by_name_birth.get(&key).into_iter().flatten() {
            let foreigner = &self.foreigners[n];
            if !found.iter().any(|(f, _)| f.id == foreigner.id) {
                found.push((foreigner, MatchStrength::NameBirth));
            }
        }
        found
    }
}

/// A checked row of the extract.
struct VoterRow {
    nik: String,
    name: String,
    born: IsoDate,
    tps: String,
    kelurahan: String,
}

/// A voter-list row that matched a foreign national: what is kept of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matched {
    pub subject_id: String,
    pub region: String,
    pub strength: MatchStrength,
    pub voter_nik: String,
    pub voter_name: String,
    pub tps: String,
    pub kelurahan: String,
}

/// What reading an extract gave.
#[derive(Debug, Default)]
pub struct Outcome {
    pub rows_read: u64,
    pub rows_refused: u64,
    /// The first [`MAX_PROBLEMS_LISTED`] refused rows.
    pub problems: Vec<RowProblem>,
    pub matched: Vec<Matched>,
}

/// Why an extract was refused as a whole; nothing of it is kept.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("the file is empty: a header row is required")]
    Empty,
    #[error("the header row has no column `{0}`")]
    MissingColumn(&'static str),
    #[error("line {line} is not UTF-8 text: save the file as CSV UTF-8 and upload it again")]
    Encoding { line: u64 },
    #[error("line {line} is not CSV: {reason}")]
    Malformed { line: u64, reason: String },
    #[error("the file is larger than the {limit_mb} MB an extract may be")]
    TooLarge { limit_mb: u64 },
    #[error("the upload broke off: {0}")]
    Io(std::io::Error),
}

/// The marker a size-limited upload stream fails with, told apart from other breaks.
#[derive(Debug, thiserror::Error)]
#[error("the upload is larger than allowed")]
pub struct UploadTooLarge;

/// Reads an extract and matches every row against `register`. `limit_mb` names the
/// upload limit in the error an oversized upload gives.
pub fn check_extract(
    source: impl Read,
    register: &Register,
    limit_mb: u64,
) -> Result<Outcome, ExtractError> {
    let mut source = BufReader::with_capacity(64 * 1024, source);
    let head = source.fill_buf().map_err(|e| io_error(e, limit_mb))?;
    // Spreadsheets save "CSV UTF-8" with a byte-order mark.
    let bom = head.starts_with(b"\xEF\xBB\xBF");
    if bom {
        source.consume(3);
    }
    let head = source.fill_buf().map_err(|e| io_error(e, limit_mb))?;
    if head.iter().all(u8::is_ascii_whitespace) {
        return Err(ExtractError::Empty);
    }
    let delimiter = sniff_delimiter(head);
    // Rows end at a line feed, so that lines count alike in CRLF files (the reader's
    // own CRLF handling starts each row's position on the line before); every cell is
    // trimmed, carriage return included.
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .terminator(csv::Terminator::Any(b'\n'))
        .flexible(true)
        .from_reader(source);
    let headers = reader
        .headers()
        .map_err(|e| csv_error(e, 1, limit_mb))?
        .clone();
    let position = |name: &'static str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
            .ok_or(ExtractError::MissingColumn(name))
    };
    let columns = [
        position(REQUIRED_COLUMNS[0])?,
        position(REQUIRED_COLUMNS[1])?,
        position(REQUIRED_COLUMNS[2])?,
        position(REQUIRED_COLUMNS[3])?,
        position(REQUIRED_COLUMNS[4])?,
    ];
    let mut outcome = Outcome::default();
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => return Err(csv_error(error, line, limit_mb)),
        }
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        outcome.rows_read += 1;
        let cell = |n: usize| record.get(columns[n]).unwrap_or("").trim();
        match voter_row(cell(0), cell(1), cell(2), cell(3), cell(4)) {
            Ok(row) => {
                for (foreigner, strength) in register.matches(&row) {
                    outcome.matched.push(Matched {
                        subject_id: foreigner.id.clone(),
                        region: foreigner.region.clone(),
                        strength,
                        voter_nik: row.nik.clone(),
                        voter_name: row.name.clone(),
                        tps: row.tps.clone(),
                        kelurahan: row.kelurahan.clone(),
                    });
                }
            }
            Err((field, code, message)) => {
                outcome.rows_refused += 1;
                if outcome.problems.len() < MAX_PROBLEMS_LISTED {
                    outcome.problems.push(RowProblem {
                        line: record.position().map_or(line, |p| p.line()),
                        field: field.to_string(),
                        code: code.to_string(),
                        message,
                    });
                }
            }
        }
    }
    Ok(outcome)
}

/// A row's cells checked: the column at fault, a code and a message when one is wrong.
fn voter_row(
    nik: &str,
    name: &str,
    born: &str,
    tps: &str,
    kelurahan: &str,
) -> Result<VoterRow, (&'static str, &'static str, String)> {
    let nik = Nik::parse(nik).map_err(|reason| {
        (
            "nik",
            reason.code(),
            format!("a NIK is 16 digits; this one is `{nik}`"),
        )
    })?;
    if name.is_empty() {
        return Err((
            "nama",
            Invalid::Required.code(),
            "the name is empty".to_string(),
        ));
    }
    let born = voter_date(born).ok_or_else(|| {
        (
            "tanggal_lahir",
            Invalid::Date.code(),
            format!("`{born}` is not a date (YYYY-MM-DD or DD-MM-YYYY)"),
        )
    })?;
    Ok(VoterRow {
        nik: nik.as_str().to_string(),
        name: name.to_string(),
        born,
        tps: tps.to_string(),
        kelurahan: kelurahan.to_string(),
    })
}

/// A date as voter-list exports write it: `YYYY-MM-DD`, or day first with `-`, `/` or
/// `.` (`31-12-1980`, `31/12/1980`).
fn voter_date(raw: &str) -> Option<IsoDate> {
    if let Ok(date) = IsoDate::parse(raw) {
        return Some(date);
    }
    let parts: Vec<&str> = raw.split(['-', '/', '.']).collect();
    let [day, month, year] = parts.as_slice() else {
        return None;
    };
    if year.len() != 4 || day.is_empty() || day.len() > 2 || month.is_empty() || month.len() > 2 {
        return None;
    }
    IsoDate::from_ymd(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?).ok()
}

/// Comma or semicolon, whichever the header row uses more (spreadsheets set to an
/// Indonesian locale export with semicolons).
fn sniff_delimiter(head: &[u8]) -> u8 {
    let first_line = head.split(|&b| b == b'\n').next().unwrap_or(head);
    let count = |wanted: u8| first_line.iter().filter(|&&b| b == wanted).count();
    if count(b';') > count(b',') {
        b';'
    } else {
        b','
    }
}

fn io_error(error: std::io::Error, limit_mb: u64) -> ExtractError {
    let too_large = error
        .get_ref()
        .is_some_and(|inner| inner.downcast_ref::<UploadTooLarge>().is_some());
    if too_large {
        ExtractError::TooLarge { limit_mb }
    } else {
        ExtractError::Io(error)
    }
}

fn csv_error(error: csv::Error, line: u64, limit_mb: u64) -> ExtractError {
    let position_line = error.position().map_or(line, |p| p.line());
    match error.into_kind() {
        csv::ErrorKind::Io(error) => io_error(error, limit_mb),
        csv::ErrorKind::Utf8 { pos, .. } => ExtractError::Encoding {
            line: pos.map_or(position_line, |p| p.line()),
        },
        other => ExtractError::Malformed {
            line: position_line,
            reason: format!("{other:?}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn register() -> Register {
        Register::new(vec![
            Foreigner {
                id: "a".into(),
                region: "51.01.01".into(),
                nik: Some("5101014107800001".into()),
                full_name: Some("José Contoh".into()),
                date_of_birth: Some("1980-07-01".into()),
            },
            Foreigner {
                id: "b".into(),
                region: "51.01.02".into(),
                nik: None,
                full_name: Some("Ana Sampel".into()),
                date_of_birth: Some("1990-02-03".into()),
            },
        ])
    }

    fn check(text: &[u8]) -> Result<Outcome, ExtractError> {
        check_extract(text, &register(), 50)
    }

    #[test]
    fn matches_by_nik_then_by_name_and_birth_in_any_column_order() {
        let outcome = check(
            b"\xEF\xBB\xBFtps;kelurahan;nama;nik;tanggal_lahir\n\
              001;Dauhwaru;JOSE CONTOH;5101014107800001;01-07-1980\n\
              002;Loloan;sampel  ana;5101010000000009;03/02/1990\n\
              003;Loloan;Warga Lain;5101014107800002;1980-07-01\n",
        )
        .expect("read");
        assert_eq!(outcome.rows_read, 3);
        assert_eq!(outcome.rows_refused, 1, "{:?}", outcome.problems);
        let found: Vec<(&str, MatchStrength)> = outcome
            .matched
            .iter()
            .map(|m| (m.subject_id.as_str(), m.strength))
            .collect();
        assert_eq!(found, [("a", MatchStrength::Nik)]);
    }

    #[test]
    fn a_name_and_birth_match_is_found_without_the_nik() {
        let outcome = check(
            b"nik,nama,tanggal_lahir,tps,kelurahan\n\
              5101014506900003,\"Sampel, Ana\",1990-02-03,004,Loloan\n\
              5101014107800002,Jos\xC3\xA9 Contoh,1980-07-02,005,Loloan\n",
        )
        .expect("read");
        let found: Vec<(&str, MatchStrength)> = outcome
            .matched
            .iter()
            .map(|m| (m.subject_id.as_str(), m.strength))
            .collect();
        assert_eq!(found, [("b", MatchStrength::NameBirth)]);
    }

    #[test]
    fn bad_rows_are_reported_by_line_and_field_and_the_rest_checked() {
        let outcome = check(
            b"nik,nama,tanggal_lahir,tps,kelurahan\n\
              510101410780000,A,1980-07-01,1,X\n\
              5101014107800001,,1980-07-01,1,X\n\
              5101014107800001,B,1980-02-30,1,X\n\
              5101014107800001,C,1980-07-01,1,X\n",
        )
        .expect("read");
        let problems: Vec<(u64, &str)> = outcome
            .problems
            .iter()
            .map(|p| (p.line, p.field.as_str()))
            .collect();
        assert_eq!(problems, [(2, "nik"), (3, "nama"), (4, "tanggal_lahir")]);
        assert_eq!(outcome.matched.len(), 1);
    }

    #[test]
    fn lines_count_alike_in_a_file_with_crlf_endings() {
        let outcome = check(
            b"nik;nama;tanggal_lahir;tps;kelurahan\r\n\
              5101014107800001;\"Contoh, Jos\xC3\xA9\";1980-07-01;1;X\r\n\
              51010141078;B;1980-07-01;1;X\r\n",
        )
        .expect("read");
        assert_eq!(outcome.problems[0].line, 3);
        assert_eq!(outcome.matched.len(), 1);
        assert_eq!(outcome.matched[0].kelurahan, "X");
        assert_eq!(outcome.matched[0].voter_name, "Contoh, Jos\u{e9}");
    }

    #[test]
    fn a_missing_column_or_another_encoding_refuses_the_whole_file() {
        assert!(matches!(
            check(b"nik,nama,tps,kelurahan\n1,2,3,4\n"),
            Err(ExtractError::MissingColumn("tanggal_lahir"))
        ));
        assert!(matches!(
            check(
                b"nik,nama,tanggal_lahir,tps,kelurahan\n5101014107800001,Jos\xE9,1980-07-01,1,X\n"
            ),
            Err(ExtractError::Encoding { line: 2 })
        ));
        assert!(matches!(check(b"  \n"), Err(ExtractError::Empty)));
    }
}
