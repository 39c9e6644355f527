//! Visa index codes (indeks visa): each with its purpose, the stay permit it leads to,
//! and the days it is in force. The list changes with regulation, so it is data — kept
//! by the server, edited by an administrator, sent to the devices — never fixed here.
//! A code is offered on the day it is in force; retiring it leaves every record that
//! carries it as it was.

use crate::identity::IsoDate;
use crate::lang::Lang;
use crate::permit::PermitType;
use serde::{Deserialize, Serialize};

/// The subject's field that holds a visa index code.
pub const VISA_CODE: &str = "visa_code";

/// The office's offset from UTC (WITA): a write is judged on the office's calendar.
pub const OFFICE_OFFSET_SECONDS: i32 = 8 * 3600;

/// One visa index code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisaIndex {
    pub code: String,
    /// The purpose in Bahasa Indonesia and in English.
    pub purpose_id: String,
    pub purpose_en: String,
    /// The stay permit a holder of this visa is given, if one.
    #[serde(default)]
    pub permit_type: Option<PermitType>,
    /// The first day in force; `None` from the start of the records.
    #[serde(default)]
    pub valid_from: Option<IsoDate>,
    /// The last day in force; `None` while it stays.
    #[serde(default)]
    pub valid_to: Option<IsoDate>,
    /// The code that takes its place once it is retired.
    #[serde(default)]
    pub successor: Option<String>,
}

impl VisaIndex {
    pub fn in_force_on(&self, day: IsoDate) -> bool {
        self.valid_from.is_none_or(|from| from <= day) && self.valid_to.is_none_or(|to| day <= to)
    }

    pub fn purpose(&self, lang: Lang) -> &str {
        match lang {
            Lang::Id => &self.purpose_id,
            Lang::En => &self.purpose_en,
        }
    }
}

/// Why a change to the visa index table is refused, and the field at fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VisaFault {
    /// A code is letters and digits, up to 8.
    BadCode,
    /// Purposes are required, up to 200 characters.
    BadPurpose,
    /// The code is in the table already.
    CodeTaken,
    /// No such code in the table.
    UnknownCode,
    /// A new code comes into force today or later.
    ValidFromPast,
    /// A code is retired from today on, not in the past.
    ValidToPast,
    /// The last day comes before the first.
    EndsBeforeStart,
    /// A code in force is retired only with a successor in force the day after.
    SuccessorRequired,
    /// The code is retired already.
    Retired,
}

impl VisaFault {
    pub fn code(self) -> &'static str {
        match self {
            VisaFault::BadCode | VisaFault::BadPurpose => "invalid_format",
            VisaFault::CodeTaken => "code_taken",
            VisaFault::UnknownCode => "not_found",
            VisaFault::ValidFromPast | VisaFault::ValidToPast => "too_early",
            VisaFault::EndsBeforeStart => "ends_before_start",
            VisaFault::SuccessorRequired => "successor_required",
            VisaFault::Retired => "retired",
        }
    }

    pub fn field(self) -> &'static str {
        match self {
            VisaFault::BadCode | VisaFault::CodeTaken | VisaFault::UnknownCode => "code",
            VisaFault::BadPurpose => "purpose_id",
            VisaFault::ValidFromPast => "valid_from",
            VisaFault::ValidToPast | VisaFault::EndsBeforeStart | VisaFault::Retired => "valid_to",
            VisaFault::SuccessorRequired => "successor",
        }
    }
}

/// Every visa index code ever in force, by code.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct VisaIndexes(pub Vec<VisaIndex>);

impl VisaIndexes {
    pub fn find(&self, code: &str) -> Option<&VisaIndex> {
        self.0.iter().find(|index| index.code == code)
    }

    /// The codes in force on `day`, as a form offers them.
    pub fn in_force_on(&self, day: IsoDate) -> impl Iterator<Item = &VisaIndex> {
        self.0.iter().filter(move |index| index.in_force_on(day))
    }

    /// Checks the visa code a write sets on `day` (the write's date): a code the table
    /// holds, in force that day. A device that has no table yet leaves it to the server.
    pub fn check_code(&self, code: &str, day: IsoDate) -> Result<(), crate::FieldError> {
        if self.0.is_empty() || code.is_empty() {
            return Ok(());
        }
        match self.find(code) {
            Some(index) if index.in_force_on(day) => Ok(()),
            _ => Err(crate::FieldError::new(
                VISA_CODE,
                crate::Invalid::NotInForce,
            )),
        }
    }

    /// Checks the visa code a write stamped at `millis` sets, by the table in force on
    /// that day. A code the record holds already (`before`) is never judged again, so a
    /// retired code stays on the records that carry it.
    pub fn check_write(
        &self,
        fields: &crate::entity::FieldMap,
        before: Option<&serde_json::Value>,
        millis: i64,
    ) -> Result<(), crate::FieldError> {
        let Some(code) = fields.get(VISA_CODE).and_then(serde_json::Value::as_str) else {
            return Ok(());
        };
        if before.and_then(serde_json::Value::as_str) == Some(code) {
            return Ok(());
        }
        match crate::identity::Timestamp::from_unix_ms(millis) {
            Some(stamp) => {
                self.check_code(code, stamp.at_offset(OFFICE_OFFSET_SECONDS).local_date())
            }
            None => Ok(()),
        }
    }

    /// Checks a code to add, from its first day (today or later).
    pub fn check_new(&self, index: &VisaIndex, today: IsoDate) -> Result<(), VisaFault> {
        let code_ok = !index.code.is_empty()
            && index.code.len() <= 8
            && index
                .code
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        if !code_ok {
            return Err(VisaFault::BadCode);
        }
        let purpose_ok = |text: &str| !text.trim().is_empty() && text.chars().count() <= 200;
        if !purpose_ok(&index.purpose_id) || !purpose_ok(&index.purpose_en) {
            return Err(VisaFault::BadPurpose);
        }
        if self.find(&index.code).is_some() {
            return Err(VisaFault::CodeTaken);
        }
        if index.valid_from.is_none_or(|from| from < today) {
            return Err(VisaFault::ValidFromPast);
        }
        Ok(())
    }

    /// Checks the retirement of `code` after its last day `valid_to` (today or later):
    /// a code in force until then needs a `successor` in force the day after, so that
    /// a form always has a code to offer in its place.
    pub fn check_retirement(
        &self,
        code: &str,
        valid_to: IsoDate,
        successor: Option<&str>,
        today: IsoDate,
    ) -> Result<(), VisaFault> {
        let index = self.find(code).ok_or(VisaFault::UnknownCode)?;
        if index.valid_to.is_some() {
            return Err(VisaFault::Retired);
        }
        if valid_to < today {
            return Err(VisaFault::ValidToPast);
        }
        if index.valid_from.is_some_and(|from| valid_to < from) {
            return Err(VisaFault::EndsBeforeStart);
        }
        let day_after = valid_to.date().next_day().map(IsoDate::from);
        let takes_over = successor
            .filter(|successor| *successor != code)
            .and_then(|successor| self.find(successor))
            .is_some_and(|next| day_after.is_some_and(|day| next.in_force_on(day)));
        if !takes_over {
            return Err(VisaFault::SuccessorRequired);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> IsoDate {
        IsoDate::parse(s).expect("date")
    }

    fn index(code: &str, from: Option<&str>, to: Option<&str>) -> VisaIndex {
        VisaIndex {
            code: code.into(),
            purpose_id: "Kunjungan wisata".into(),
            purpose_en: "Tourist visit".into(),
            permit_type: Some(PermitType::Itk),
            valid_from: from.map(date),
            valid_to: to.map(date),
            successor: None,
        }
    }

    #[test]
    fn a_code_is_offered_on_the_days_it_is_in_force() {
        let table = VisaIndexes(vec![
            index("C1", None, Some("2026-12-31")),
            index("C1A", Some("2027-01-01"), None),
        ]);
        let offered = |day: &str| -> Vec<&str> {
            table
                .in_force_on(date(day))
                .map(|i| i.code.as_str())
                .collect()
        };
        assert_eq!(offered("2026-12-31"), ["C1"]);
        assert_eq!(offered("2027-01-01"), ["C1A"]);
        // A retired code is still known, for the records that carry it.
        assert!(table.find("C1").is_some());
    }

    #[test]
    fn a_write_sets_a_code_in_force_on_its_date() {
        let table = VisaIndexes(vec![
            index("C1", None, Some("2026-12-31")),
            index("Z1", Some("2027-01-01"), None),
        ]);
        assert_eq!(table.check_code("C1", date("2026-12-31")), Ok(()));
        let refused = table
            .check_code("C1", date("2027-01-01"))
            .expect_err("retired");
        assert_eq!(
            (refused.field.as_str(), refused.reason.code()),
            ("visa_code", "not_allowed_value")
        );
        assert!(table.check_code("Z1", date("2026-12-31")).is_err());
        assert!(table.check_code("XX", date("2026-12-31")).is_err());
        assert_eq!(
            VisaIndexes::default().check_code("XX", date("2026-12-31")),
            Ok(())
        );
    }

    #[test]
    fn a_write_is_judged_on_the_office_s_day_and_a_kept_code_not_again() {
        let table = VisaIndexes(vec![
            index("C1", None, Some("2026-12-31")),
            index("Z1", Some("2027-01-01"), None),
        ]);
        let sets = |code: &str| {
            let mut fields = crate::entity::FieldMap::new();
            fields.insert(VISA_CODE.into(), serde_json::json!(code));
            fields
        };
        // 2026-12-31 16:30 UTC is already 2027-01-01 in Bali.
        let new_year_in_bali = 1_798_734_600_000;
        assert!(
            table
                .check_write(&sets("C1"), None, new_year_in_bali)
                .is_err()
        );
        assert_eq!(
            table.check_write(&sets("Z1"), None, new_year_in_bali),
            Ok(())
        );
        let kept = serde_json::json!("C1");
        assert_eq!(
            table.check_write(&sets("C1"), Some(&kept), new_year_in_bali),
            Ok(())
        );
        assert_eq!(
            table.check_write(&crate::entity::FieldMap::new(), None, new_year_in_bali),
            Ok(())
        );
    }

    #[test]
    fn a_new_code_begins_today_or_later_and_is_new() {
        let today = date("2026-12-07");
        let table = VisaIndexes(vec![index("C1", None, None)]);
        assert_eq!(
            table.check_new(&index("E33G", Some("2026-12-07"), None), today),
            Ok(())
        );
        assert_eq!(
            table.check_new(&index("C1", Some("2027-01-01"), None), today),
            Err(VisaFault::CodeTaken)
        );
        assert_eq!(
            table.check_new(&index("e33g", Some("2027-01-01"), None), today),
            Err(VisaFault::BadCode)
        );
        assert_eq!(
            table.check_new(&index("E1", Some("2026-12-06"), None), today),
            Err(VisaFault::ValidFromPast)
        );
        let mut nameless = index("E2", Some("2027-01-01"), None);
        nameless.purpose_en = " ".into();
        assert_eq!(
            table.check_new(&nameless, today),
            Err(VisaFault::BadPurpose)
        );
    }

    #[test]
    fn a_code_in_force_is_retired_only_with_a_successor() {
        let today = date("2026-12-07");
        let table = VisaIndexes(vec![
            index("C1", None, None),
            index("C1A", Some("2027-01-01"), None),
            index("C9", None, Some("2026-01-01")),
        ]);
        let retire = |code: &str, to: &str, successor: Option<&str>| {
            table.check_retirement(code, date(to), successor, today)
        };
        assert_eq!(retire("C1", "2026-12-31", Some("C1A")), Ok(()));
        assert_eq!(
            retire("C1", "2026-12-31", None),
            Err(VisaFault::SuccessorRequired)
        );
        assert_eq!(
            retire("C1", "2026-12-30", Some("C1A")),
            Err(VisaFault::SuccessorRequired)
        );
        assert_eq!(
            retire("C1", "2026-12-31", Some("C1")),
            Err(VisaFault::SuccessorRequired)
        );
        assert_eq!(
            retire("C1", "2026-12-06", Some("C1A")),
            Err(VisaFault::ValidToPast)
        );
        assert_eq!(
            retire("C1A", "2026-12-20", Some("C1")),
            Err(VisaFault::EndsBeforeStart)
        );
        assert_eq!(
            retire("C9", "2027-01-01", Some("C1")),
            Err(VisaFault::Retired)
        );
        assert_eq!(
            retire("X1", "2027-01-01", Some("C1")),
            Err(VisaFault::UnknownCode)
        );
    }
}
