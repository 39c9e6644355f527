//! Administrative actions (Tindakan Administratif Keimigrasian, UU 6/2011 Pasal 75) as a
//! regulation code table (`code_table`): the actions a field officer may recommend and
//! the office may decide change with regulation, so they are data with the days each is
//! in force. A decision is judged by the table in force on its decision date; a
//! recommendation by the table in force on the day it is written.

use crate::code_table::{CodeTable, DatedCode};
use crate::identity::IsoDate;
use crate::lang::Lang;
use serde::{Deserialize, Serialize};

/// The finding's field that holds the field officers' recommendation.
pub const RECOMMENDED_ACTION: &str = "recommended_action";
/// The decision's field that holds the action the office decided.
pub const DECIDED_ACTION: &str = "decided_action";

/// One administrative action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionCode {
    pub code: String,
    /// Its name in Bahasa Indonesia and in English.
    pub label_id: String,
    pub label_en: String,
    /// The first day in force; `None` from the start of the records.
    #[serde(default)]
    pub valid_from: Option<IsoDate>,
    /// The last day in force; `None` while it stays.
    #[serde(default)]
    pub valid_to: Option<IsoDate>,
    /// The action that takes its place once it is retired.
    #[serde(default)]
    pub successor: Option<String>,
}

impl ActionCode {
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Id => &self.label_id,
            Lang::En => &self.label_en,
        }
    }
}

impl DatedCode for ActionCode {
    const WHAT: &'static str = "administrative action";
    const SPELLING: &'static str =
        "1 to 40 small letters, digits and underscores, beginning with a letter";
    const LABEL_FIELDS: [&'static str; 2] = ["label_id", "label_en"];

    fn code(&self) -> &str {
        &self.code
    }

    fn labels(&self) -> [&str; 2] {
        [&self.label_id, &self.label_en]
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

    fn well_formed(code: &str) -> bool {
        code.len() <= 40
            && code.starts_with(|c: char| c.is_ascii_lowercase())
            && code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    }
}

/// Every administrative action ever in force.
pub type AdministrativeActions = CodeTable<ActionCode>;

impl AdministrativeActions {
    /// The label of `code` in `lang`; a code the table does not hold reads as itself.
    pub fn label_of<'a>(&'a self, code: &'a str, lang: Lang) -> &'a str {
        self.find(code).map_or(code, |action| action.label(lang))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code_table::TableFault;

    fn date(s: &str) -> IsoDate {
        IsoDate::parse(s).expect("date")
    }

    fn action(code: &str, from: Option<&str>, to: Option<&str>) -> ActionCode {
        ActionCode {
            code: code.into(),
            label_id: "Deportasi".into(),
            label_en: "Deportation".into(),
            valid_from: from.map(date),
            valid_to: to.map(date),
            successor: None,
        }
    }

    #[test]
    fn a_decided_action_is_judged_by_the_table_of_its_day() {
        let table = CodeTable(vec![
            action("place_ban", None, Some("2026-12-31")),
            action("area_ban", Some("2027-01-01"), None),
        ]);
        let judged = |code: &str, day: &str| table.check_code(DECIDED_ACTION, code, date(day));
        assert_eq!(judged("place_ban", "2026-12-31"), Ok(()));
        assert_eq!(judged("area_ban", "2027-01-01"), Ok(()));
        let refused = judged("place_ban", "2027-01-01").expect_err("retired");
        assert_eq!(
            (refused.field.as_str(), refused.reason.code()),
            ("decided_action", "not_allowed_value")
        );
        assert!(judged("area_ban", "2026-12-31").is_err());
        assert!(judged("flogging", "2026-12-31").is_err());
    }

    #[test]
    fn an_action_code_is_snake_case_and_labelled() {
        let today = date("2026-12-07");
        let table = CodeTable(vec![action("deportation", None, None)]);
        assert_eq!(
            table.check_new(&action("area_ban", Some("2027-01-01"), None), today),
            Ok(())
        );
        for bad in ["Area_ban", "1ban", "", "area-ban", &"a".repeat(41)] {
            assert_eq!(
                table.check_new(&action(bad, Some("2027-01-01"), None), today),
                Err(TableFault::BadCode),
                "{bad}"
            );
        }
        let mut nameless = action("area_ban", Some("2027-01-01"), None);
        nameless.label_id = String::new();
        assert_eq!(
            table.check_new(&nameless, today),
            Err(TableFault::BadLabel("label_id"))
        );
        assert_eq!(table.label_of("deportation", Lang::En), "Deportation");
        assert_eq!(table.label_of("unknown_code", Lang::En), "unknown_code");
    }
}
