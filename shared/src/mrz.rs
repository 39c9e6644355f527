//! The machine-readable zone of a passport (ICAO Doc 9303, TD3: two lines of 44
//! characters). Every check digit is verified, and each failure names the field it
//! protects, using the `subject` field names so a form can show it in place.

use crate::identity::IsoDate;
use crate::invalid::{FieldError, Invalid};
use crate::subject::Sex;

/// The length of each of the two TD3 lines.
pub const LINE_LEN: usize = 44;

/// A parsed, verified TD3 machine-readable zone. Codes are kept as printed; validating
/// them as countries is the caller's business (specimens use the fictional `UTO`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Td3 {
    /// `P` for passports, optionally followed by a type letter.
    pub document_code: String,
    pub issuing_state: String,
    pub surname: String,
    pub given_names: String,
    pub document_number: String,
    pub nationality: String,
    pub date_of_birth: Option<IsoDate>,
    pub sex: Sex,
    pub expiry: IsoDate,
    pub optional_data: String,
}

impl Td3 {
    /// The name as printed: surname, then given names.
    pub fn full_name(&self) -> String {
        if self.given_names.is_empty() {
            self.surname.clone()
        } else {
            format!("{} {}", self.surname, self.given_names)
        }
    }

    /// The holder's nationality as Pantau stores it (`D` → `DEU`), or `None` when the
    /// code is no country or category ICAO lists.
    pub fn stored_nationality(&self) -> Option<&'static str> {
        crate::icao::stored_code(&self.nationality)
    }

    /// The issuing state as Pantau stores it, as [`Td3::stored_nationality`].
    pub fn stored_issuing_state(&self) -> Option<&'static str> {
        crate::icao::stored_code(&self.issuing_state)
    }
}

/// The ICAO 9303 check digit: weights 7, 3, 1 over digits, letters (A=10 … Z=35) and
/// the filler `<` (0).
pub fn check_digit(field: &str) -> u32 {
    field
        .bytes()
        .zip([7u32, 3, 1].iter().cycle())
        .map(|(byte, weight)| char_value(byte) * weight)
        .sum::<u32>()
        % 10
}

fn char_value(byte: u8) -> u32 {
    match byte {
        b'0'..=b'9' => u32::from(byte - b'0'),
        b'A'..=b'Z' => u32::from(byte - b'A') + 10,
        _ => 0,
    }
}

/// Parses two TD3 lines. `today` resolves two-digit years: a birth year never lies in
/// the future, an expiry year is taken in this century unless that is over 50 years out.
///
/// Returns every problem found at once, so a form can mark all failing fields.
pub fn parse_td3(text: &str, today: IsoDate) -> Result<Td3, Vec<FieldError>> {
    let lines: Vec<String> = text
        .lines()
        .map(|line| line.trim().to_ascii_uppercase())
        .filter(|line| !line.is_empty())
        .collect();
    let shape_error = |reason| Err(vec![FieldError::new("mrz", reason)]);
    if lines.len() != 2 || lines.iter().any(|line| line.len() != LINE_LEN) {
        return shape_error(Invalid::Format {
            example: "2 × 44: P<UTOERIKSSON<<ANNA<MARIA<<<…",
        });
    }
    let allowed = |line: &String| {
        line.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'<')
    };
    if !lines.iter().all(allowed) || !lines[0].starts_with('P') {
        return shape_error(Invalid::Format {
            example: "P<UTOERIKSSON<<ANNA<MARIA<<<…",
        });
    }
    let (upper, lower) = (lines[0].as_str(), lines[1].as_str());
    let mut problems = Vec::new();
    let mut verify = |field: &'static str, data: &str, digit: &str| {
        let expected = check_digit(data);
        let filler_ok = digit == "<" && data.bytes().all(|b| b == b'<');
        if digit.parse::<u32>().ok() != Some(expected) && !filler_ok {
            problems.push(FieldError::new(field, Invalid::CheckDigit));
        }
    };
    verify("passport_number", &lower[0..9], &lower[9..10]);
    verify("date_of_birth", &lower[13..19], &lower[19..20]);
    verify("passport_expiry", &lower[21..27], &lower[27..28]);
    verify("mrz", &lower[28..42], &lower[42..43]);
    let composite = format!("{}{}{}", &lower[0..10], &lower[13..20], &lower[21..43]);
    verify("mrz", &composite, &lower[43..44]);

    let date_of_birth = match &lower[13..19] {
        "<<<<<<" => None,
        digits => match mrz_date(digits, today, false) {
            Ok(date) => Some(date),
            Err(reason) => {
                problems.push(FieldError::new("date_of_birth", reason));
                None
            }
        },
    };
    let expiry = mrz_date(&lower[21..27], today, true)
        .map_err(|reason| problems.push(FieldError::new("passport_expiry", reason)))
        .ok();
    let sex = match &lower[20..21] {
        "M" => Sex::Male,
        "F" => Sex::Female,
        _ => Sex::Unspecified,
    };
    let (surname, given_names) = split_name(&upper[5..]);
    if surname.is_empty() {
        problems.push(FieldError::new("full_name", Invalid::Required));
    }
    match expiry {
        Some(expiry) if problems.is_empty() => Ok(Td3 {
            document_code: upper[0..2].trim_end_matches('<').to_string(),
            issuing_state: upper[2..5].trim_end_matches('<').to_string(),
            surname,
            given_names,
            document_number: lower[0..9].trim_end_matches('<').to_string(),
            nationality: lower[10..13].trim_end_matches('<').to_string(),
            date_of_birth,
            sex,
            expiry,
            optional_data: lower[28..42].trim_end_matches('<').to_string(),
        }),
        _ => Err(problems),
    }
}

fn split_name(field: &str) -> (String, String) {
    let words = |part: &str| {
        part.split('<')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    match field.split_once("<<") {
        Some((surname, given)) => (words(surname), words(given)),
        None => (words(field), String::new()),
    }
}

fn mrz_date(digits: &str, today: IsoDate, is_expiry: bool) -> Result<IsoDate, Invalid> {
    let number =
        |range: std::ops::Range<usize>| digits[range].parse::<u8>().map_err(|_| Invalid::Date);
    let (yy, month, day) = (i32::from(number(0..2)?), number(2..4)?, number(4..6)?);
    let this_year = today.date().year();
    let mut year = 2000 + yy;
    let too_late = if is_expiry { this_year + 50 } else { this_year };
    if year > too_late {
        year -= 100;
    }
    IsoDate::from_ymd(year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPECIMEN: &str = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";

    fn today() -> IsoDate {
        IsoDate::parse("2026-11-28").expect("date")
    }

    #[test]
    fn check_digits_of_the_icao_specimen() {
        assert_eq!(check_digit("L898902C3"), 6);
        assert_eq!(check_digit("740812"), 2);
        assert_eq!(check_digit("120415"), 9);
        assert_eq!(check_digit("ZE184226B<<<<<"), 1);
    }

    #[test]
    fn parses_the_icao_specimen() {
        let mrz = parse_td3(SPECIMEN, today()).expect("specimen is valid");
        assert_eq!(mrz.issuing_state, "UTO");
        assert_eq!(mrz.surname, "ERIKSSON");
        assert_eq!(mrz.given_names, "ANNA MARIA");
        assert_eq!(mrz.full_name(), "ERIKSSON ANNA MARIA");
        assert_eq!(mrz.document_number, "L898902C3");
        assert_eq!(mrz.nationality, "UTO");
        assert_eq!(
            mrz.date_of_birth.map(|d| d.to_string()).as_deref(),
            Some("1974-08-12")
        );
        assert_eq!(mrz.sex, Sex::Female);
        assert_eq!(mrz.expiry.to_string(), "2012-04-15");
        assert_eq!(mrz.optional_data, "ZE184226B");
    }

    #[test]
    fn names_each_field_whose_check_digit_fails() {
        // Document number check 6 → 5 and birth-date check 2 → 3; the composite then fails too.
        let broken = SPECIMEN.replace("L898902C36UTO7408122F", "L898902C35UTO7408123F");
        let problems = parse_td3(&broken, today()).expect_err("bad check digits");
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["passport_number", "date_of_birth", "mrz"]);
        assert!(problems.iter().all(|p| p.reason == Invalid::CheckDigit));
    }

    #[test]
    fn a_changed_expiry_fails_its_own_and_the_composite_check() {
        let broken = SPECIMEN.replace("1204159", "1304159");
        let problems = parse_td3(&broken, today()).expect_err("expiry altered");
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["passport_expiry", "mrz"]);
    }

    #[test]
    fn refuses_wrong_shapes() {
        for text in [
            "",
            "P<UTO",
            &SPECIMEN.replace('<', "-"),
            &SPECIMEN.replacen('P', "V", 1),
        ] {
            let problems = parse_td3(text, today()).expect_err("bad shape");
            assert_eq!(problems[0].field, "mrz");
            assert!(matches!(problems[0].reason, Invalid::Format { .. }));
        }
    }

    /// Germany's specimen passport: `D<<` for Germany, and a `<` check digit for the
    /// empty optional field.
    const GERMAN_SPECIMEN: &str = "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<6408125F2702283<<<<<<<<<<<<<<<4";

    #[test]
    fn germany_is_read_as_deu() {
        let mrz = parse_td3(GERMAN_SPECIMEN, today()).expect("German specimen is valid");
        assert_eq!(
            (mrz.issuing_state.as_str(), mrz.nationality.as_str()),
            ("D", "D")
        );
        assert_eq!(mrz.stored_nationality(), Some("DEU"));
        assert_eq!(mrz.stored_issuing_state(), Some("DEU"));
        assert_eq!(mrz.full_name(), "MUSTERMANN ERIKA");
        assert_eq!(mrz.document_number, "C01X00T47");
        assert_eq!(mrz.optional_data, "");
        assert_eq!(mrz.expiry.to_string(), "2027-02-28");
    }

    #[test]
    fn the_icao_specimen_has_no_country() {
        let mrz = parse_td3(SPECIMEN, today()).expect("specimen is valid");
        assert_eq!(mrz.stored_nationality(), None, "Utopia is fictional");
    }

    /// A made-up passport of `state` for a holder of `nationality`, check digits valid.
    fn passport(state: &str, nationality: &str) -> String {
        let mut lower = String::from("Z9876543<");
        lower.push_str(&check_digit("Z9876543<").to_string());
        lower.push_str(&format!("{nationality:<<3}"));
        lower.push_str("850315");
        lower.push_str(&check_digit("850315").to_string());
        lower.push('F');
        lower.push_str("300101");
        lower.push_str(&check_digit("300101").to_string());
        lower.push_str("<<<<<<<<<<<<<<<");
        let composite = format!("{}{}{}", &lower[0..10], &lower[13..20], &lower[21..43]);
        lower.push_str(&check_digit(&composite).to_string());
        let upper = format!("{:<44}", format!("P<{state:<<3}CONTOH<<DEMO")).replace(' ', "<");
        format!("{upper}\n{lower}")
    }

    #[test]
    fn documents_of_several_countries_and_categories() {
        for (state, nationality, stored) in [
            ("GBR", "GBN", Some("GBR")),
            ("GBR", "GBD", Some("GBR")),
            ("AUS", "AUS", Some("AUS")),
            ("NLD", "XXA", Some("XXA")),
            ("DEU", "XXB", Some("XXB")),
            ("UNO", "NZL", Some("NZL")),
        ] {
            let mrz = parse_td3(&passport(state, nationality), today())
                .unwrap_or_else(|e| panic!("{state}/{nationality}: {e:?}"));
            assert_eq!(mrz.nationality, nationality);
            assert_eq!(mrz.stored_nationality(), stored, "{nationality}");
            assert!(mrz.stored_issuing_state().is_some(), "{state}");
        }
    }

    #[test]
    fn own_case_with_empty_optional_data_and_lowercase_input() {
        let mut lower = String::from("X1234567<");
        lower.push_str(&check_digit("X1234567<").to_string());
        lower.push_str("AUS900101");
        lower.push_str(&check_digit("900101").to_string());
        lower.push('M');
        lower.push_str("310630");
        lower.push_str(&check_digit("310630").to_string());
        lower.push_str("<<<<<<<<<<<<<<<");
        let composite = format!("{}{}{}", &lower[0..10], &lower[13..20], &lower[21..43]);
        lower.push_str(&check_digit(&composite).to_string());
        let upper = format!("{:<44}", "P<AUSCITIZEN<<TEST<DEMO").replace(' ', "<");
        let mrz = parse_td3(&format!("{}\n{}", upper.to_lowercase(), lower), today())
            .expect("valid own case");
        assert_eq!(mrz.full_name(), "CITIZEN TEST DEMO");
        assert_eq!(mrz.document_number, "X1234567");
        assert_eq!(
            mrz.date_of_birth.map(|d| d.to_string()).as_deref(),
            Some("1990-01-01")
        );
        assert_eq!(mrz.expiry.to_string(), "2031-06-30");
        assert_eq!(mrz.optional_data, "");
    }
}
