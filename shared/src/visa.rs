//! Visa index codes (indeks visa): each with its purpose, the stay permit it leads to,
//! and the days it is in force — one of the regulation code tables (`code_table`).
//! A code is offered on the day it is in force; retiring it leaves every record that
//! carries it as it was.

use crate::code_table::{CodeTable, DatedCode};
use crate::identity::IsoDate;
use crate::lang::Lang;
use serde::{Deserialize, Serialize};

/// The subject's field that holds a visa index code.
pub const VISA_CODE: &str = "visa_code";

/// One visa index code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisaIndex {
    pub code: String,
    /// The purpose in Bahasa Indonesia and in English.
    pub purpose_id: String,
    pub purpose_en: String,
    /// The stay permit a holder of this visa is given, if one.
    #[serde(default)]
    pub permit_type: Option<String>,
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
    pub fn purpose(&self, lang: Lang) -> &str {
        match lang {
            Lang::Id => &self.purpose_id,
            Lang::En => &self.purpose_en,
        }
    }
}

impl DatedCode for VisaIndex {
    const LABEL_FIELDS: [&'static str; 2] = ["purpose_id", "purpose_en"];

    fn code(&self) -> &str {
        &self.code
    }

    fn labels(&self) -> [&str; 2] {
        [&self.purpose_id, &self.purpose_en]
    }

    fn valid_from(&self) -> Option<IsoDate> {
        self.valid_from
    }

    fn valid_to(&self) -> Option<IsoDate> {
        self.valid_to
    }

    fn successor(&self) -> Option<&str> {
        self.successor.as_deref()
    }
}

/// Every visa index code ever in force.
pub type VisaIndexes = CodeTable<VisaIndex>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code_table::{Spelling, TableFault};

    fn date(s: &str) -> IsoDate {
        IsoDate::parse(s).expect("date")
    }

    fn index(code: &str, from: Option<&str>, to: Option<&str>) -> VisaIndex {
        VisaIndex {
            code: code.into(),
            purpose_id: "Kunjungan wisata".into(),
            purpose_en: "Tourist visit".into(),
            permit_type: Some("ITK".into()),
            valid_from: from.map(date),
            valid_to: to.map(date),
            successor: None,
        }
    }

    #[test]
    fn a_code_is_offered_on_the_days_it_is_in_force() {
        let table = CodeTable(vec![
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
        let table = CodeTable(vec![
            index("C1", None, Some("2026-12-31")),
            index("Z1", Some("2027-01-01"), None),
        ]);
        assert_eq!(
            table.check_code(VISA_CODE, "C1", date("2026-12-31")),
            Ok(())
        );
        let refused = table
            .check_code(VISA_CODE, "C1", date("2027-01-01"))
            .expect_err("retired");
        assert_eq!(
            (refused.field.as_str(), refused.reason.code()),
            ("visa_code", "not_allowed_value")
        );
        assert!(
            table
                .check_code(VISA_CODE, "Z1", date("2026-12-31"))
                .is_err()
        );
        assert!(
            table
                .check_code(VISA_CODE, "XX", date("2026-12-31"))
                .is_err()
        );
        assert_eq!(
            VisaIndexes::default().check_code(VISA_CODE, "XX", date("2026-12-31")),
            Ok(())
        );
    }

    #[test]
    fn a_write_is_judged_on_the_office_s_day_and_a_kept_code_not_again() {
        let table = CodeTable(vec![
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
                .check_write(VISA_CODE, &sets("C1"), None, new_year_in_bali)
                .is_err()
        );
        assert_eq!(
            table.check_write(VISA_CODE, &sets("Z1"), None, new_year_in_bali),
            Ok(())
        );
        let kept = serde_json::json!("C1");
        assert_eq!(
            table.check_write(VISA_CODE, &sets("C1"), Some(&kept), new_year_in_bali),
            Ok(())
        );
        assert_eq!(
            table.check_write(
                VISA_CODE,
                &crate::entity::FieldMap::new(),
                None,
                new_year_in_bali
            ),
            Ok(())
        );
    }

    #[test]
    fn a_new_code_begins_today_or_later_and_is_new() {
        let today = date("2026-12-07");
        let spelling = Spelling::Capitals { max: 8 };
        let table = CodeTable(vec![index("C1", None, None)]);
        assert_eq!(
            table.check_new(&index("E33G", Some("2026-12-07"), None), spelling, today),
            Ok(())
        );
        assert_eq!(
            table.check_new(&index("C1", Some("2027-01-01"), None), spelling, today),
            Err(TableFault::CodeTaken)
        );
        assert_eq!(
            table.check_new(&index("e33g", Some("2027-01-01"), None), spelling, today),
            Err(TableFault::BadCode)
        );
        assert_eq!(
            table.check_new(&index("E1", Some("2026-12-06"), None), spelling, today),
            Err(TableFault::ValidFromPast)
        );
        let mut nameless = index("E2", Some("2027-01-01"), None);
        nameless.purpose_en = " ".into();
        assert_eq!(
            table.check_new(&nameless, spelling, today),
            Err(TableFault::BadLabel("purpose_id"))
        );
    }

    #[test]
    fn a_code_in_force_is_retired_only_with_a_successor() {
        let today = date("2026-12-07");
        let table = CodeTable(vec![
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
            Err(TableFault::SuccessorRequired)
        );
        assert_eq!(
            retire("C1", "2026-12-30", Some("C1A")),
            Err(TableFault::SuccessorRequired)
        );
        assert_eq!(
            retire("C1", "2026-12-31", Some("C1")),
            Err(TableFault::SuccessorRequired)
        );
        assert_eq!(
            retire("C1", "2026-12-06", Some("C1A")),
            Err(TableFault::ValidToPast)
        );
        assert_eq!(
            retire("C1A", "2026-12-20", Some("C1")),
            Err(TableFault::EndsBeforeStart)
        );
        assert_eq!(
            retire("C9", "2027-01-01", Some("C1")),
            Err(TableFault::Retired)
        );
        assert_eq!(
            retire("X1", "2027-01-01", Some("C1")),
            Err(TableFault::UnknownCode)
        );
    }
}
