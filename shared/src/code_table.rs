//! Regulation code tables (visa index codes, permit types, administrative actions,
//! violation codes):
//! every code with the days it is in force. The lists change with regulation, so they are
//! data — kept by the server, edited by an administrator, sent to the devices — and a
//! record is judged by the table in force on its own date. Retiring a code leaves every record
//! that carries it as it was; nothing is ever deleted.

use crate::entity::FieldMap;
use crate::identity::{IsoDate, Timestamp};
use crate::invalid::{FieldError, Invalid};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The office's offset from UTC (WITA): a write is judged on the office's calendar.
pub const OFFICE_OFFSET_SECONDS: i32 = 8 * 3600;

/// One entry of a code table: its code, its two labels and its days in force.
pub trait DatedCode {
    /// The fields that carry the labels, as an administrator sends them.
    const LABEL_FIELDS: [&'static str; 2];

    fn code(&self) -> &str;
    fn labels(&self) -> [&str; 2];
    fn valid_from(&self) -> Option<IsoDate>;
    fn valid_to(&self) -> Option<IsoDate>;
    fn successor(&self) -> Option<&str>;

    fn in_force_on(&self, day: IsoDate) -> bool {
        self.valid_from().is_none_or(|from| from <= day)
            && self.valid_to().is_none_or(|to| day <= to)
    }
}

/// How the codes of a table are spelled: a property of the table, not of the kind of
/// entry, since tables of named codes differ in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spelling {
    /// 1 to 40 small letters, digits and underscores, beginning with a letter.
    SmallSnake,
    /// 1 to `max` capital letters and digits.
    Capitals { max: usize },
    /// 1 to `max` capital letters, digits and underscores, beginning with a letter.
    CapitalSnake { max: usize },
}

impl Spelling {
    /// In words, for an error.
    pub fn describe(self) -> String {
        match self {
            Spelling::SmallSnake => {
                "1 to 40 small letters, digits and underscores, beginning with a letter".into()
            }
            Spelling::Capitals { max } => format!("1 to {max} capital letters and digits"),
            Spelling::CapitalSnake { max } => format!(
                "1 to {max} capital letters, digits and underscores, beginning with a letter"
            ),
        }
    }

    pub fn admits(self, code: &str) -> bool {
        match self {
            Spelling::SmallSnake => {
                code.len() <= 40
                    && code.starts_with(|c: char| c.is_ascii_lowercase())
                    && code
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            }
            Spelling::Capitals { max } => {
                !code.is_empty()
                    && code.len() <= max
                    && code
                        .bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            }
            Spelling::CapitalSnake { max } => {
                code.len() <= max
                    && code.starts_with(|c: char| c.is_ascii_uppercase())
                    && code
                        .bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
            }
        }
    }
}

/// Why a change to a code table is refused, and the field at fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFault {
    /// The code is not spelled as the table's codes are.
    BadCode,
    /// Both labels are required, up to 200 characters; the field named is the first
    /// label field.
    BadLabel(&'static str),
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
    /// The permit type a visa index code leads to is not one in force on its first day.
    UnknownPermitType,
}

impl TableFault {
    pub fn code(self) -> &'static str {
        match self {
            TableFault::BadCode | TableFault::BadLabel(_) => "invalid_format",
            TableFault::CodeTaken => "code_taken",
            TableFault::UnknownCode => "not_found",
            TableFault::ValidFromPast | TableFault::ValidToPast => "too_early",
            TableFault::EndsBeforeStart => "ends_before_start",
            TableFault::SuccessorRequired => "successor_required",
            TableFault::Retired => "retired",
            TableFault::UnknownPermitType => "not_allowed_value",
        }
    }

    pub fn field(self) -> &'static str {
        match self {
            TableFault::BadCode | TableFault::CodeTaken | TableFault::UnknownCode => "code",
            TableFault::BadLabel(field) => field,
            TableFault::ValidFromPast => "valid_from",
            TableFault::ValidToPast | TableFault::EndsBeforeStart | TableFault::Retired => {
                "valid_to"
            }
            TableFault::SuccessorRequired => "successor",
            TableFault::UnknownPermitType => "permit_type",
        }
    }
}

/// Every code of one table ever in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CodeTable<T>(pub Vec<T>);

impl<T> Default for CodeTable<T> {
    fn default() -> Self {
        CodeTable(Vec::new())
    }
}

/// The office's calendar day of a write stamped at `millis`.
pub fn office_day(millis: i64) -> Option<IsoDate> {
    Timestamp::from_unix_ms(millis).map(|stamp| stamp.at_offset(OFFICE_OFFSET_SECONDS).local_date())
}

impl<T: DatedCode> CodeTable<T> {
    pub fn find(&self, code: &str) -> Option<&T> {
        self.0.iter().find(|entry| entry.code() == code)
    }

    /// The codes in force on `day`, as a form offers them.
    pub fn in_force_on(&self, day: IsoDate) -> impl Iterator<Item = &T> {
        self.0.iter().filter(move |entry| entry.in_force_on(day))
    }

    /// Checks the code that `field` is set to on `day`: a code the table holds, in
    /// force that day. A device that has no table yet leaves it to the server.
    pub fn check_code(&self, field: &str, code: &str, day: IsoDate) -> Result<(), FieldError> {
        if self.0.is_empty() || code.is_empty() {
            return Ok(());
        }
        match self.find(code) {
            Some(entry) if entry.in_force_on(day) => Ok(()),
            _ => Err(FieldError::new(field, Invalid::NotInForce)),
        }
    }

    /// Checks the code a write stamped at `millis` sets on `field`, by the table in
    /// force on the office's day of the write. A code the record holds already
    /// (`before`) is never judged again, so a retired code stays on the records that
    /// carry it.
    pub fn check_write(
        &self,
        field: &str,
        fields: &FieldMap,
        before: Option<&Value>,
        millis: i64,
    ) -> Result<(), FieldError> {
        let Some(code) = fields.get(field).and_then(Value::as_str) else {
            return Ok(());
        };
        if before.and_then(Value::as_str) == Some(code) {
            return Ok(());
        }
        match office_day(millis) {
            Some(day) => self.check_code(field, code, day),
            None => Ok(()),
        }
    }

    /// As [`Self::check_write`], for a field that holds a list of codes: each code the
    /// list did not hold before is judged by the table of the write's day.
    pub fn check_list_write(
        &self,
        field: &str,
        fields: &FieldMap,
        before: Option<&Value>,
        millis: i64,
    ) -> Result<(), FieldError> {
        let (Some(Value::Array(codes)), Some(day)) = (fields.get(field), office_day(millis)) else {
            return Ok(());
        };
        let held = |code: &Value| {
            before
                .and_then(Value::as_array)
                .is_some_and(|held| held.contains(code))
        };
        for code in codes.iter().filter(|code| !held(code)) {
            if let Some(code) = code.as_str() {
                self.check_code(field, code, day)?;
            }
        }
        Ok(())
    }

    /// Checks a code to add, spelled as the table's codes are, from its first day (today
    /// or later).
    pub fn check_new(
        &self,
        entry: &T,
        spelling: Spelling,
        today: IsoDate,
    ) -> Result<(), TableFault> {
        if !spelling.admits(entry.code()) {
            return Err(TableFault::BadCode);
        }
        let label_ok = |text: &str| !text.trim().is_empty() && text.chars().count() <= 200;
        if !entry.labels().iter().all(|label| label_ok(label)) {
            return Err(TableFault::BadLabel(T::LABEL_FIELDS[0]));
        }
        if self.find(entry.code()).is_some() {
            return Err(TableFault::CodeTaken);
        }
        if entry.valid_from().is_none_or(|from| from < today) {
            return Err(TableFault::ValidFromPast);
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
    ) -> Result<(), TableFault> {
        let entry = self.find(code).ok_or(TableFault::UnknownCode)?;
        if entry.valid_to().is_some() {
            return Err(TableFault::Retired);
        }
        if valid_to < today {
            return Err(TableFault::ValidToPast);
        }
        if entry.valid_from().is_some_and(|from| valid_to < from) {
            return Err(TableFault::EndsBeforeStart);
        }
        let day_after = valid_to.date().next_day().map(IsoDate::from);
        let takes_over = successor
            .filter(|successor| *successor != code)
            .and_then(|successor| self.find(successor))
            .is_some_and(|next| day_after.is_some_and(|day| next.in_force_on(day)));
        if !takes_over {
            return Err(TableFault::SuccessorRequired);
        }
        Ok(())
    }
}

/// The value an amendment's corrections set on `field`, if any.
fn corrected<'a>(fields: &'a FieldMap, field: &str) -> Option<&'a Value> {
    fields.get(crate::correction::CORRECTIONS)?.get(field)
}

/// Every regulation code table, as the server keeps them and devices receive them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CodeTables {
    #[serde(default)]
    pub visa_indexes: crate::visa::VisaIndexes,
    #[serde(default)]
    pub administrative_actions: crate::action_codes::AdministrativeActions,
    #[serde(default)]
    pub violation_codes: crate::violation_codes::ViolationCodes,
    #[serde(default)]
    pub permit_types: crate::permit::PermitTypes,
    #[serde(default)]
    pub agencies: crate::team::Agencies,
}

impl CodeTables {
    /// The fields whose codes these tables judge, by the entity that carries them.
    pub fn judges(entity: crate::sync::EntityKind, fields: &FieldMap) -> bool {
        use crate::action_codes::{DECIDED_ACTION, RECOMMENDED_ACTION};
        use crate::sync::EntityKind;
        use crate::team::{AGENCIES, OWNER_AGENCY};
        use crate::violation_codes::VIOLATIONS;
        match entity {
            EntityKind::Subject => {
                fields.contains_key(crate::visa::VISA_CODE)
                    || fields.contains_key(crate::permit::PERMIT_TYPE)
            }
            EntityKind::Finding => {
                fields.contains_key(RECOMMENDED_ACTION) || fields.contains_key(VIOLATIONS)
            }
            EntityKind::Decision => {
                fields.contains_key(DECIDED_ACTION) || fields.contains_key("decision_date")
            }
            EntityKind::Amendment => {
                corrected(fields, RECOMMENDED_ACTION).is_some()
                    || corrected(fields, VIOLATIONS).is_some()
            }
            EntityKind::Inspection | EntityKind::Operation => fields.contains_key(AGENCIES),
            EntityKind::ActionItem => fields.contains_key(OWNER_AGENCY),
            _ => false,
        }
    }

    /// Checks the codes a write stamped at `millis` sets, the same on the device and the
    /// server: a visa code, a permit type, the agencies chosen on a record and a recommended
    /// action (set on the finding or by an amendment's correction) by the table of the
    /// write's day, a decided action by the table of its decision date. `before` reads the record as it
    /// was; a code it keeps is not judged again.
    pub fn check_write<'a>(
        &self,
        entity: crate::sync::EntityKind,
        fields: &FieldMap,
        before: impl Fn(&str) -> Option<&'a Value>,
        millis: i64,
    ) -> Result<(), FieldError> {
        use crate::action_codes::{DECIDED_ACTION, RECOMMENDED_ACTION};
        use crate::sync::EntityKind;
        use crate::team::{AGENCIES, OWNER_AGENCY};
        use crate::violation_codes::VIOLATIONS;
        match entity {
            EntityKind::Subject => {
                let (visa, permit) = (crate::visa::VISA_CODE, crate::permit::PERMIT_TYPE);
                self.visa_indexes
                    .check_write(visa, fields, before(visa), millis)?;
                self.permit_types
                    .check_write(permit, fields, before(permit), millis)
            }
            EntityKind::Finding => {
                self.violation_codes.check_list_write(
                    VIOLATIONS,
                    fields,
                    before(VIOLATIONS),
                    millis,
                )?;
                self.administrative_actions.check_write(
                    RECOMMENDED_ACTION,
                    fields,
                    before(RECOMMENDED_ACTION),
                    millis,
                )
            }
            EntityKind::Decision => {
                let now = |field: &str| fields.get(field).or_else(|| before(field));
                let unchanged = |field: &str| {
                    fields
                        .get(field)
                        .is_none_or(|value| before(field) == Some(value))
                };
                if unchanged(DECIDED_ACTION) && unchanged("decision_date") {
                    return Ok(());
                }
                let action = now(DECIDED_ACTION).and_then(Value::as_str);
                let day = now("decision_date")
                    .and_then(Value::as_str)
                    .and_then(|day| IsoDate::parse(day).ok());
                match (action, day) {
                    (Some(action), Some(day)) => {
                        self.administrative_actions
                            .check_code(DECIDED_ACTION, action, day)
                    }
                    // A decision without both is refused by its own checks.
                    _ => Ok(()),
                }
            }
            // A correction is judged as a new value: the table of the amendment's day.
            EntityKind::Amendment => {
                let Some(corrections) = fields
                    .get(crate::correction::CORRECTIONS)
                    .and_then(Value::as_object)
                else {
                    return Ok(());
                };
                let named = |error: FieldError| {
                    FieldError::new(
                        crate::correction::corrected_field(&error.field),
                        error.reason,
                    )
                };
                self.violation_codes
                    .check_list_write(VIOLATIONS, corrections, None, millis)
                    .map_err(named)?;
                self.administrative_actions
                    .check_write(RECOMMENDED_ACTION, corrections, None, millis)
                    .map_err(named)
            }
            EntityKind::Inspection | EntityKind::Operation => {
                self.agencies
                    .check_list_write(AGENCIES, fields, before(AGENCIES), millis)
            }
            // A Rakor's attending agencies are not judged: they are those of the officers
            // ticked present, whose accounts' agencies were judged when they were made,
            // and an officer whose agency retires still attends.
            EntityKind::ActionItem => {
                self.agencies
                    .check_write(OWNER_AGENCY, fields, before(OWNER_AGENCY), millis)
            }
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action_codes::{ActionCode, DECIDED_ACTION};
    use crate::sync::EntityKind;
    use proptest::prelude::*;
    use serde_json::json;

    fn any_day() -> impl Strategy<Value = IsoDate> {
        (0i64..3000).prop_map(|n| {
            let start = IsoDate::parse("2020-01-01").expect("date").date();
            IsoDate::from(start + time::Duration::days(n))
        })
    }

    const CODES: [&str; 4] = ["deportation", "place_ban", "area_ban", "detention"];

    proptest! {
        /// The server judges a decision with the actions it keeps; the tablet with the
        /// same table as it reaches it over the wire, in whatever order it was sent.
        /// Both accept exactly the actions in force on the decision's date.
        #[test]
        fn the_tablet_and_the_server_judge_a_decision_alike(
            days in proptest::collection::vec((proptest::option::of(any_day()), proptest::option::of(any_day())), 1..4),
            turn in 0usize..4,
            chosen in 0usize..5,
            decided_on in any_day(),
        ) {
            let actions: Vec<ActionCode> = days
                .iter()
                .zip(CODES)
                .map(|((from, to), code)| ActionCode {
                    valid_from: *from,
                    valid_to: *to,
                    ..ActionCode::new(code, code, code)
                })
                .collect();
            let server = CodeTables {
                administrative_actions: CodeTable(actions.clone()),
                ..CodeTables::default()
            };
            let mut sent = actions.clone();
            let turn = turn % sent.len();
            sent.rotate_left(turn);
            sent.reverse();
            let wire = serde_json::to_string(&CodeTables {
                administrative_actions: CodeTable(sent),
                ..CodeTables::default()
            })
            .expect("tables as JSON");
            let tablet: CodeTables = serde_json::from_str(&wire).expect("tables from JSON");

            let code = CODES.get(chosen).copied().unwrap_or("flogging");
            let mut fields = FieldMap::new();
            fields.insert(DECIDED_ACTION.into(), json!(code));
            fields.insert("decision_date".into(), json!(decided_on.to_string()));
            let judge = |tables: &CodeTables| {
                tables.check_write(EntityKind::Decision, &fields, |_| None, 0).is_ok()
            };
            let in_force = actions.iter().any(|action| {
                action.code == code
                    && action.valid_from.is_none_or(|from| from <= decided_on)
                    && action.valid_to.is_none_or(|to| decided_on <= to)
            });
            prop_assert_eq!(judge(&server), in_force);
            prop_assert_eq!(judge(&tablet), in_force);
        }
    }

    #[test]
    fn a_decision_note_is_not_judged_again_and_a_moved_date_is() {
        let tables = CodeTables {
            administrative_actions: CodeTable(vec![ActionCode {
                valid_to: IsoDate::parse("2026-12-31").ok(),
                ..ActionCode::new("place_ban", "Larangan", "Ban")
            }]),
            ..CodeTables::default()
        };
        let before = json!({"decided_action": "place_ban", "decision_date": "2026-12-30"});
        let read = |field: &str| before.get(field);
        let write = |value: serde_json::Value| -> FieldMap {
            serde_json::from_value(value).expect("fields")
        };
        let judged = |fields: &FieldMap| tables.check_write(EntityKind::Decision, fields, read, 0);
        assert_eq!(judged(&write(json!({"notes": "dicatat"}))), Ok(()));
        let moved = judged(&write(json!({"decision_date": "2027-01-02"}))).expect_err("retired");
        assert_eq!(moved.field, DECIDED_ACTION);
    }

    #[test]
    fn a_violation_list_judges_only_the_codes_it_adds() {
        use crate::violation_codes::ViolationCode;
        let tables = CodeTables {
            violation_codes: CodeTable(vec![
                ViolationCode {
                    valid_to: IsoDate::parse("2026-12-31").ok(),
                    ..ViolationCode::new("no_document", "Tanpa dokumen", "No document")
                },
                ViolationCode::new("overstay", "Overstay", "Overstay"),
            ]),
            ..CodeTables::default()
        };
        // 2027-01-01 12:00 in Bali.
        let written = 1_798_776_000_000;
        let write = |value: serde_json::Value| -> FieldMap {
            serde_json::from_value(value).expect("fields")
        };
        let held = json!({"violations": ["no_document"]});
        let judged = |fields: FieldMap, before: &serde_json::Value| {
            tables.check_write(EntityKind::Finding, &fields, |f| before.get(f), written)
        };
        let none = json!({});
        assert_eq!(
            judged(
                write(json!({"violations": ["no_document", "overstay"]})),
                &held
            ),
            Ok(())
        );
        let retired = judged(write(json!({"violations": ["no_document"]})), &none);
        assert_eq!(retired.map_err(|e| e.field), Err("violations".to_string()));
        let correction = write(json!({"corrections": {"violations": ["no_document"]}}));
        let refused = tables.check_write(EntityKind::Amendment, &correction, |_| None, written);
        assert_eq!(
            refused.map_err(|e| e.field),
            Err("corrections.violations".to_string())
        );
    }

    #[test]
    fn a_permit_type_is_judged_by_the_table_of_its_day_and_kept_where_held() {
        use crate::named_code::NamedCode;
        let tables = CodeTables {
            permit_types: CodeTable(vec![
                NamedCode {
                    valid_to: IsoDate::parse("2026-12-31").ok(),
                    ..NamedCode::new("ITK", "Kunjungan", "Visit")
                },
                NamedCode {
                    valid_from: IsoDate::parse("2027-01-01").ok(),
                    ..NamedCode::new("ITKU", "Kunjungan baru", "New visit")
                },
            ]),
            ..CodeTables::default()
        };
        let judged = |permit: &str, before: Option<&str>, millis: i64| {
            let fields: FieldMap =
                serde_json::from_value(json!({"permit_type": permit})).expect("fields");
            let before = before.map(|code| json!(code));
            assert!(CodeTables::judges(EntityKind::Subject, &fields));
            tables
                .check_write(EntityKind::Subject, &fields, |_| before.as_ref(), millis)
                .map_err(|e| (e.field, e.reason.code()))
        };
        // 2026-12-31 23:30 and 2027-01-01 00:30 in Bali: the office's day decides.
        let (last_evening, first_morning) = (1_798_731_000_000, 1_798_734_600_000);
        assert_eq!(judged("ITK", None, last_evening), Ok(()));
        assert_eq!(
            judged("ITK", None, first_morning),
            Err(("permit_type".to_string(), "not_allowed_value"))
        );
        assert_eq!(judged("ITK", Some("ITK"), first_morning), Ok(()));
        assert_eq!(judged("ITKU", None, first_morning), Ok(()));
        assert!(judged("ITKU", None, last_evening).is_err());
    }
}
