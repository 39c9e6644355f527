//! Administrative actions (Tindakan Administratif Keimigrasian, UU 6/2011 Pasal 75) as a
//! regulation code table (`code_table`): the actions a field officer may recommend and
//! the office may decide change with regulation, so they are data with the days each is
//! in force. A decision is judged by the table in force on its decision date; a
//! recommendation by the table in force on the day it is written.

use crate::code_table::CodeTable;
use crate::named_code::NamedCode;

/// The finding's field that holds the field officers' recommendation.
pub const RECOMMENDED_ACTION: &str = "recommended_action";
/// The decision's field that holds the action the office decided.
pub const DECIDED_ACTION: &str = "decided_action";

/// One administrative action.
pub type ActionCode = NamedCode;

/// Every administrative action ever in force.
pub type AdministrativeActions = CodeTable<ActionCode>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code_table::{Spelling, TableFault};
    use crate::identity::IsoDate;
    use crate::lang::Lang;

    fn date(s: &str) -> IsoDate {
        IsoDate::parse(s).expect("date")
    }

    fn action(code: &str, from: Option<&str>, to: Option<&str>) -> ActionCode {
        ActionCode {
            valid_from: from.map(date),
            valid_to: to.map(date),
            ..ActionCode::new(code, "Deportasi", "Deportation")
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
        let spelling = Spelling::SmallSnake;
        let table = CodeTable(vec![action("deportation", None, None)]);
        assert_eq!(
            table.check_new(
                &action("area_ban", Some("2027-01-01"), None),
                spelling,
                today
            ),
            Ok(())
        );
        for bad in ["Area_ban", "1ban", "", "area-ban", &"a".repeat(41)] {
            assert_eq!(
                table.check_new(&action(bad, Some("2027-01-01"), None), spelling, today),
                Err(TableFault::BadCode),
                "{bad}"
            );
        }
        let mut nameless = action("area_ban", Some("2027-01-01"), None);
        nameless.label_id = String::new();
        assert_eq!(
            table.check_new(&nameless, spelling, today),
            Err(TableFault::BadLabel("label_id"))
        );
        assert_eq!(table.label_of("deportation", Lang::En), "Deportation");
        assert_eq!(table.label_of("unknown_code", Lang::En), "unknown_code");
    }
}
