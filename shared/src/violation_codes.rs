//! Violation codes (pelanggaran keimigrasian) as a regulation code table (`code_table`):
//! what counts as a violation changes with regulation, so the codes are data with the
//! days each is in force. A finding's violations are judged by the table in force on the
//! day they are written; a code retired since stays on the findings that carry it.
//!
//! Two codes drive behaviour and stay fixed here: an overstay, which the finding form
//! adds when the permit has run out, and political activity, which the election watch
//! lists.

use crate::code_table::CodeTable;
use crate::named_code::NamedCode;

/// The finding's field that holds its violations.
pub const VIOLATIONS: &str = "violations";
/// Staying past the end of the permit.
pub const OVERSTAY: &str = "overstay";
/// Taking part in political activity (the election watch).
pub const POLITICAL_ACTIVITY: &str = "political_activity";

/// One violation code.
pub type ViolationCode = NamedCode;

/// Every violation code ever in force.
pub type ViolationCodes = CodeTable<ViolationCode>;
