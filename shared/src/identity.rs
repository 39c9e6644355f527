//! Validated values that describe a person and their documents. Each type is built only
//! through `parse`, so holding one means the value was checked.

use crate::invalid::Invalid;
use serde::{Deserialize, Serialize};
use std::fmt;
use time::{Date, Month};

/// Implements the string conversions every validated text newtype shares.
macro_rules! text_newtype {
    ($name:ident) => {
        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl TryFrom<String> for $name {
            type Error = Invalid;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                $name::parse(&value)
            }
        }
        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.0
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

fn bounded(raw: &str, max: usize) -> Result<String, Invalid> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(Invalid::Required);
    }
    if text.chars().count() > max {
        return Err(Invalid::TooLong { max });
    }
    Ok(text.to_string())
}

/// A short free text: a name, an address line, a number printed on a document.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ShortText(String);

impl ShortText {
    pub const MAX: usize = 200;
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        bounded(raw, Self::MAX).map(ShortText)
    }
}
text_newtype!(ShortText);

/// A long free text: notes, minutes, findings.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LongText(String);

impl LongText {
    pub const MAX: usize = 20_000;
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        bounded(raw, Self::MAX).map(LongText)
    }
}
text_newtype!(LongText);

/// A calendar date, written `YYYY-MM-DD` on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IsoDate(Date);

impl IsoDate {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        // Split by position rather than through `time`'s general format parser, which
        // weighs 12 KB in the field bundle; `time` still decides which dates exist.
        let bytes = raw.trim().as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(Invalid::Date);
        }
        let number = |digits: &[u8]| {
            digits.iter().try_fold(0u16, |n, b| {
                b.is_ascii_digit().then(|| n * 10 + u16::from(b - b'0'))
            })
        };
        match (
            number(&bytes[..4]),
            number(&bytes[5..7]),
            number(&bytes[8..]),
        ) {
            (Some(year), Some(month), Some(day)) => {
                Self::from_ymd(i32::from(year), month as u8, day as u8)
            }
            _ => Err(Invalid::Date),
        }
    }

    pub fn from_ymd(year: i32, month: u8, day: u8) -> Result<Self, Invalid> {
        let month = Month::try_from(month).map_err(|_| Invalid::Date)?;
        Date::from_calendar_date(year, month, day)
            .map(IsoDate)
            .map_err(|_| Invalid::Date)
    }

    pub fn date(self) -> Date {
        self.0
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: IsoDate) -> i64 {
        (later.0 - self.0).whole_days()
    }
}

impl From<Date> for IsoDate {
    fn from(value: Date) -> Self {
        IsoDate(value)
    }
}

impl TryFrom<String> for IsoDate {
    type Error = Invalid;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        IsoDate::parse(&value)
    }
}

impl From<IsoDate> for String {
    fn from(value: IsoDate) -> Self {
        value.to_string()
    }
}

impl fmt::Display for IsoDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0.year(),
            u8::from(self.0.month()),
            self.0.day()
        )
    }
}

/// A moment with its UTC offset, RFC 3339 on the wire (`2026-11-28T10:15:00+08:00`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(time::OffsetDateTime);

impl Timestamp {
    /// Reads `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`. Split by position, as
    /// [`IsoDate::parse`] is, rather than through `time`'s RFC 3339 parser, which weighs
    /// in the field bundle; `time` still decides which dates, times and offsets exist.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        Self::read(raw.trim().as_bytes())
            .map(Timestamp)
            .ok_or(Invalid::Format {
                example: "2026-11-28T10:15:00+08:00",
            })
    }

    fn read(bytes: &[u8]) -> Option<time::OffsetDateTime> {
        let number = |digits: &[u8]| {
            digits.iter().try_fold(0u32, |n, b| {
                b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
            })
        };
        let at =
            |index: usize, expected: &[u8]| bytes.get(index).is_some_and(|b| expected.contains(b));
        if bytes.len() < 20 || !at(10, b"Tt") || !at(13, b":") || !at(16, b":") {
            return None;
        }
        let date = IsoDate::parse(std::str::from_utf8(&bytes[..10]).ok()?).ok()?;
        let (hour, minute, second) = (
            number(&bytes[11..13])?,
            number(&bytes[14..16])?,
            number(&bytes[17..19])?,
        );
        let mut rest = &bytes[19..];
        let mut nanos = 0u32;
        if let Some(fraction) = rest.strip_prefix(b".") {
            let digits = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
            if digits == 0 {
                return None;
            }
            // Digits past the ninth are below a nanosecond: dropped.
            let kept = &fraction[..digits.min(9)];
            nanos = number(kept)? * 10u32.pow(9 - kept.len() as u32);
            rest = &fraction[digits..];
        }
        let offset = match rest {
            b"Z" | b"z" => time::UtcOffset::UTC,
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let (hours, minutes) = (number(&[*h1, *h2])?, number(&[*m1, *m2])?);
                let sign = if *sign == b'-' { -1 } else { 1 };
                time::UtcOffset::from_hms(
                    sign * i8::try_from(hours).ok()?,
                    sign * i8::try_from(minutes).ok()?,
                    0,
                )
                .ok()?
            }
            _ => return None,
        };
        let time = time::Time::from_hms_nano(
            u8::try_from(hour).ok()?,
            u8::try_from(minute).ok()?,
            u8::try_from(second).ok()?,
            nanos,
        )
        .ok()?;
        Some(date.date().with_time(time).assume_offset(offset))
    }

    pub fn from_unix_ms(millis: i64) -> Option<Self> {
        time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000)
            .ok()
            .map(Timestamp)
    }

    /// The same moment as seen at a UTC offset of `seconds` (UTC if there is none
    /// such).
    pub fn at_offset(self, seconds: i32) -> Self {
        let offset = time::UtcOffset::from_whole_seconds(seconds).unwrap_or(time::UtcOffset::UTC);
        Timestamp(self.0.to_offset(offset))
    }

    /// The calendar date in the timestamp's own offset (the officer's local date).
    pub fn local_date(self) -> IsoDate {
        IsoDate(self.0.date())
    }

    pub fn unix_ms(self) -> i64 {
        (self.0.unix_timestamp_nanos() / 1_000_000) as i64
    }
}

/// RFC 3339, as `time` writes it (a fraction only when there is one, its trailing zeros
/// dropped; `Z` for UTC), without `time`'s formatter in the field bundle.
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let moment = self.0;
        write!(
            f,
            "{}T{:02}:{:02}:{:02}",
            IsoDate(moment.date()),
            moment.hour(),
            moment.minute(),
            moment.second()
        )?;
        let nanos = moment.nanosecond();
        if nanos != 0 {
            let fraction = format!("{nanos:09}");
            write!(f, ".{}", fraction.trim_end_matches('0'))?;
        }
        let offset = moment.offset();
        if offset.is_utc() {
            return f.write_str("Z");
        }
        let (hours, minutes, _) = offset.as_hms();
        let sign = if offset.is_negative() { '-' } else { '+' };
        write!(f, "{sign}{:02}:{:02}", hours.abs(), minutes.abs())
    }
}

/// A foreign national's nationality: any [`Nationality`] but Indonesia's.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ForeignNationality(String);

impl ForeignNationality {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        Nationality::parse_foreign(raw).map(|n| ForeignNationality(n.0))
    }

    pub fn nationality(&self) -> Nationality {
        Nationality(self.0.clone())
    }
}
text_newtype!(ForeignNationality);

/// A nationality or issuing state as Pantau stores it: an ISO 3166 alpha-3 country, or
/// one of ICAO 9303's categories that are no country (stateless `XXA`, refugee `XXB`,
/// the UN's `UNO`, …). ICAO's other spellings of a country (`D`, `GBN`…) are refused with
/// the code to write instead: documents are read through [`crate::icao::stored_code`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Nationality(String);

impl Nationality {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let code = raw.trim().trim_end_matches('<').to_ascii_uppercase();
        if code.is_empty() {
            return Err(Invalid::Required);
        }
        match crate::icao::lookup(&code) {
            None => Err(Invalid::UnknownCountry),
            Some(entry) if entry.kind == crate::icao::CodeKind::Variant => Err(Invalid::Format {
                example: entry.stored_as,
            }),
            Some(entry) => Ok(Nationality(entry.code.to_string())),
        }
    }

    /// Like [`parse`](Self::parse), and refuses Indonesia: a foreign national's record.
    pub fn parse_foreign(raw: &str) -> Result<Self, Invalid> {
        let nationality = Self::parse(raw)?;
        if nationality.0 == "IDN" {
            return Err(Invalid::IndonesianCitizen);
        }
        Ok(nationality)
    }

    /// The country's or category's name in `lang`.
    pub fn name(&self, lang: crate::Lang) -> &'static str {
        crate::icao::name(&self.0, lang).unwrap_or_default()
    }
}
text_newtype!(Nationality);

/// A travel document number: letters and digits, as in the MRZ (filler `<` and spaces
/// removed, letters upper-cased).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PassportNumber(String);

impl PassportNumber {
    pub const MAX: usize = 20;
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let number: String = raw
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '<')
            .collect::<String>()
            .to_ascii_uppercase();
        if number.is_empty() {
            return Err(Invalid::Required);
        }
        if number.len() > Self::MAX {
            return Err(Invalid::TooLong { max: Self::MAX });
        }
        if number.len() < 5 {
            return Err(Invalid::TooShort { min: 5 });
        }
        if !number.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(Invalid::Format {
                example: "X1234567",
            });
        }
        Ok(PassportNumber(number))
    }
}
text_newtype!(PassportNumber);

/// A travel document a person held before the current one, kept so that a renewed
/// passport is recognised as the same person: `NAT:NUMBER`, the country it was issued
/// for (an ISO code or an ICAO category; empty when unknown) and its number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PreviousDocument(String);

impl PreviousDocument {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let format = Invalid::Format {
            example: "DEU:C01X00T47",
        };
        let (country, number) = raw.split_once(':').ok_or(format)?;
        let number = PassportNumber::parse(number)?;
        let country = match country.trim() {
            "" => String::new(),
            code => Nationality::parse(code)?.0,
        };
        Ok(PreviousDocument(format!("{country}:{}", number.as_str())))
    }
}
text_newtype!(PreviousDocument);

/// Nomor Induk Kependudukan: the 16-digit number of an Indonesian identity card, which
/// only ITAP holders among foreigners may have. Digits 1–6 are the region (province 11–94),
/// 7–12 the birth date as DDMMYY with 40 added to the day for women.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Nik(String);

impl Nik {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let nik: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        if nik.len() != 16 || !nik.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Invalid::Format {
                example: "5101044107850001",
            });
        }
        let number = |range: std::ops::Range<usize>| nik[range].parse::<u8>().unwrap_or(0);
        let province = number(0..2);
        let day = number(6..8);
        let month = number(8..10);
        let day = if day > 40 { day - 40 } else { day };
        let plausible =
            (11..=94).contains(&province) && (1..=31).contains(&day) && (1..=12).contains(&month);
        if !plausible {
            return Err(Invalid::NikDate);
        }
        Ok(Nik(nik))
    }
}
text_newtype!(Nik);

/// A WGS84 latitude in degrees.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct Latitude(f64);

/// A WGS84 longitude in degrees.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct Longitude(f64);

// The limit comes as text too: writing an `f64` would bring float printing into the
// field bundle for this message alone.
macro_rules! degrees {
    ($name:ident, $limit:expr, $limit_text:literal) => {
        impl $name {
            pub fn parse(value: f64) -> Result<Self, Invalid> {
                if value.is_finite() && value.abs() <= $limit {
                    Ok($name(value))
                } else {
                    Err(Invalid::OutOfRange {
                        min: concat!("-", $limit_text).into(),
                        max: $limit_text.into(),
                    })
                }
            }
            pub fn degrees(self) -> f64 {
                self.0
            }
        }
        impl TryFrom<f64> for $name {
            type Error = Invalid;
            fn try_from(value: f64) -> Result<Self, Self::Error> {
                $name::parse(value)
            }
        }
        impl From<$name> for f64 {
            fn from(value: $name) -> Self {
                value.0
            }
        }
    };
}
degrees!(Latitude, 90.0, "90");
degrees!(Longitude, 180.0, "180");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_read_and_write_as_times_rfc_3339_does() {
        use time::format_description::well_known::Rfc3339;
        let good = [
            "2026-11-28T10:15:00+08:00",
            "2026-11-28t10:15:00z",
            "2026-11-28T23:59:59.5-05:30",
            "2026-02-28T00:00:00.123456789+00:00",
            "2026-02-28T00:00:00.1234567891234Z",
            "2024-02-29T12:00:00-00:00",
            "1970-01-01T00:00:00.000Z",
        ];
        for raw in good {
            let ours = Timestamp::parse(raw).expect(raw);
            let theirs = time::OffsetDateTime::parse(raw, &Rfc3339).expect(raw);
            assert_eq!(ours.0, theirs, "{raw}");
            assert_eq!(
                ours.to_string(),
                theirs.format(&Rfc3339).expect(raw),
                "{raw}"
            );
            assert_eq!(Timestamp::parse(&ours.to_string()), Ok(ours), "{raw}");
        }
        let bad = [
            "",
            "2026-11-28",
            "2026-11-28T10:15:00",
            "2026-11-28 10:15:00+08:00x",
            "2026-11-28T10:15+08:00",
            "2026-02-30T10:15:00+08:00",
            "2026-11-28T24:00:00Z",
            "2026-11-28T10:60:00Z",
            "2026-11-28T10:15:00.+08:00",
            "2026-11-28T10:15:00+8:00",
            "2026-11-28T10:15:00+08:60",
            "2026-11-28T10:15:00+0800",
            "2026-11-28T10:15:0a+08:00",
        ];
        for raw in bad {
            assert!(Timestamp::parse(raw).is_err(), "{raw}");
            assert!(time::OffsetDateTime::parse(raw, &Rfc3339).is_err(), "{raw}");
        }
    }

    #[test]
    fn dates_round_trip_and_refuse_nonsense() {
        let d = IsoDate::parse("2024-02-29").expect("leap day");
        assert_eq!(d.to_string(), "2024-02-29");
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "24-01-01",
            "2024-1-1",
            "",
            "yesterday",
            "2024/01/01",
            "2024-00-10",
            "2024-01-00",
            "2024-01-32",
            "+024-01-01",
            "2024-0a-01",
            "２０２４-01-01",
            "2024-01-0١",
        ] {
            assert_eq!(IsoDate::parse(bad), Err(Invalid::Date), "{bad}");
        }
        let a = IsoDate::parse(" 2024-01-01 ").expect("date");
        assert_eq!(a.days_until(d), 59);
    }

    #[test]
    fn nationality_accepts_iso_and_icao_codes() {
        assert_eq!(Nationality::parse("aus").expect("AUS").as_str(), "AUS");
        assert!(Nationality::parse("XXA").is_ok());
        assert!(Nationality::parse("UNO").is_ok());
        assert_eq!(
            Nationality::parse("D<<"),
            Err(Invalid::Format { example: "DEU" }),
            "a document's D is stored as DEU"
        );
        assert_eq!(
            Nationality::parse("GBN"),
            Err(Invalid::Format { example: "GBR" })
        );
        assert_eq!(Nationality::parse("ZZZ"), Err(Invalid::UnknownCountry));
        assert_eq!(Nationality::parse("UTO"), Err(Invalid::UnknownCountry));
        assert_eq!(
            Nationality::parse("DEU")
                .expect("DEU")
                .name(crate::Lang::Id),
            "Jerman"
        );
        assert_eq!(Nationality::parse(""), Err(Invalid::Required));
        assert_eq!(
            Nationality::parse_foreign("IDN"),
            Err(Invalid::IndonesianCitizen)
        );
    }

    #[test]
    fn passport_numbers_are_normalised() {
        assert_eq!(
            PassportNumber::parse("pa 12345<").expect("ok").as_str(),
            "PA12345"
        );
        assert_eq!(
            PassportNumber::parse("A1"),
            Err(Invalid::TooShort { min: 5 })
        );
        assert!(matches!(
            PassportNumber::parse("AB-12345"),
            Err(Invalid::Format { .. })
        ));
    }

    #[test]
    fn nik_checks_shape_region_and_birth_date() {
        assert!(
            Nik::parse("5101044107850001").is_ok(),
            "woman born 1 July 1985"
        );
        assert!(Nik::parse("5101040107850001").is_ok());
        assert!(matches!(
            Nik::parse("510104410785000"),
            Err(Invalid::Format { .. })
        ));
        assert_eq!(Nik::parse("0501044107850001"), Err(Invalid::NikDate));
        assert_eq!(Nik::parse("5101043207850001"), Err(Invalid::NikDate));
        assert_eq!(Nik::parse("5101040113850001"), Err(Invalid::NikDate));
    }

    #[test]
    fn coordinates_stay_in_range() {
        assert!(Latitude::parse(-8.35).is_ok());
        assert!(Latitude::parse(91.0).is_err());
        assert!(Longitude::parse(f64::NAN).is_err());
    }
}
