//! The registry of synced entities and the rules a write must pass beyond its field
//! values: amend-only inspections, findings that follow their inspection, immutable
//! amendments, decisions that close.

use super::merge::Record;
use crate::decision::{Decision, DecisionState};
use crate::election::ElectionPeriod;
use crate::entity::{
    Entity, FieldMap, FieldSpec, check_required_present, field_errors, validate_values,
};
use crate::inspection::{Amendment, Finding, Inspection, InspectionStatus};
use crate::invalid::{FieldError, Invalid};
use crate::meeting::{ActionItem, Meeting};
use crate::operation::Operation;
use crate::subject::{NATURALISED, NATURALISED_NOTE, Subject};
use serde_json::Value;

/// Every entity the devices and the server exchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    Subject,
    Inspection,
    Finding,
    Amendment,
    Meeting,
    ActionItem,
    ElectionPeriod,
    Decision,
    Operation,
}

impl EntityKind {
    pub const ALL: &'static [EntityKind] = &[
        EntityKind::Subject,
        EntityKind::Inspection,
        EntityKind::Finding,
        EntityKind::Amendment,
        EntityKind::Meeting,
        EntityKind::ActionItem,
        EntityKind::ElectionPeriod,
        EntityKind::Decision,
        EntityKind::Operation,
    ];

    pub fn name(self) -> &'static str {
        match self {
            EntityKind::Subject => Subject::KIND,
            EntityKind::Inspection => Inspection::KIND,
            EntityKind::Finding => Finding::KIND,
            EntityKind::Amendment => Amendment::KIND,
            EntityKind::Meeting => Meeting::KIND,
            EntityKind::ActionItem => ActionItem::KIND,
            EntityKind::ElectionPeriod => ElectionPeriod::KIND,
            EntityKind::Decision => Decision::KIND,
            EntityKind::Operation => Operation::KIND,
        }
    }

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        EntityKind::ALL
            .iter()
            .copied()
            .find(|kind| kind.name() == raw)
            .ok_or_else(|| Invalid::NotOneOf {
                allowed: EntityKind::ALL.iter().map(|kind| kind.name()).collect(),
            })
    }

    pub fn fields(self) -> &'static [FieldSpec] {
        match self {
            EntityKind::Subject => Subject::FIELDS,
            EntityKind::Inspection => Inspection::FIELDS,
            EntityKind::Finding => Finding::FIELDS,
            EntityKind::Amendment => Amendment::FIELDS,
            EntityKind::Meeting => Meeting::FIELDS,
            EntityKind::ActionItem => ActionItem::FIELDS,
            EntityKind::ElectionPeriod => ElectionPeriod::FIELDS,
            EntityKind::Decision => Decision::FIELDS,
            EntityKind::Operation => Operation::FIELDS,
        }
    }

    /// Checks the values of a write; `creates` when the record does not exist yet.
    pub fn validate_write(self, fields: &FieldMap, creates: bool) -> Result<(), FieldError> {
        self.validate_values(fields)?;
        if creates {
            self.check_creates(fields)?;
        }
        Ok(())
    }

    /// The checks of [`EntityKind::validate_write`] that do not depend on whether the
    /// record exists, so they can run before the records are read.
    pub fn validate_values(self, fields: &FieldMap) -> Result<(), FieldError> {
        if fields.is_empty() {
            return Err(FieldError::new("fields", Invalid::Required));
        }
        validate_values(self.fields(), fields)
    }

    /// The check of [`EntityKind::validate_write`] that a write creating the record adds.
    pub fn check_creates(self, fields: &FieldMap) -> Result<(), FieldError> {
        check_required_present(self.fields(), fields)
    }

    /// Every problem with a write, one per field, for a form.
    pub fn field_errors(self, fields: &FieldMap, creates: bool) -> Vec<FieldError> {
        field_errors(self.fields(), fields, creates)
    }

    /// Whether a record of this kind may still be written to. `inspection` is the
    /// finding's parent inspection, where the caller has it.
    pub fn check_mutable(
        self,
        current: &Record,
        inspection: Option<&Record>,
    ) -> Result<(), WriteRefused> {
        let is_final = |record: &Record| {
            record.value("status") == Some(&Value::String(InspectionStatus::Final.code().into()))
        };
        let is_closed = |record: &Record| {
            record
                .value("state")
                .and_then(Value::as_str)
                .and_then(|state| DecisionState::parse(state).ok())
                .is_some_and(DecisionState::is_closed)
        };
        match self {
            EntityKind::Inspection if is_final(current) => Err(WriteRefused::Finalized),
            EntityKind::Finding if inspection.is_some_and(is_final) => Err(WriteRefused::Finalized),
            EntityKind::Amendment if !current.is_empty() => Err(WriteRefused::Finalized),
            EntityKind::Decision if is_closed(current) => Err(WriteRefused::Finalized),
            _ => Ok(()),
        }
    }

    /// Whether [`EntityKind::check_merged`] looks at anything for a write of `fields` to
    /// this kind, so a caller can skip building the merged values when it does not.
    pub fn checks_merged(self, fields: &FieldMap) -> bool {
        match self {
            EntityKind::Inspection
            | EntityKind::Decision
            | EntityKind::ElectionPeriod
            | EntityKind::Operation => true,
            EntityKind::Subject => {
                fields.contains_key(NATURALISED) || fields.contains_key(NATURALISED_NOTE)
            }
            EntityKind::Amendment => fields.contains_key(crate::correction::CORRECTIONS),
            _ => false,
        }
    }

    /// Checks the merged record as a whole: a finalized inspection needs a written
    /// order or the reason there is none; a decision what its state needs; a person
    /// recorded as naturalised the note saying why; an operation a period that runs
    /// forward.
    pub fn check_merged(self, merged: &FieldMap) -> Result<(), FieldError> {
        match self {
            EntityKind::Inspection => {
                let inspection = Inspection::from_fields(merged)?;
                if inspection.is_final() {
                    inspection.check_finalizable()?;
                }
                Ok(())
            }
            EntityKind::Decision => Decision::check_merged(merged),
            EntityKind::Subject => Subject::check_naturalised(merged),
            EntityKind::ElectionPeriod => ElectionPeriod::check_merged(merged),
            EntityKind::Operation => Operation::check_merged(merged),
            EntityKind::Amendment => crate::correction::check_corrections(merged),
            _ => Ok(()),
        }
    }
}

/// Why a write to an existing record is refused regardless of its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WriteRefused {
    /// The record (or its inspection) is final: correct it with an amendment.
    #[error("the record is finalized; record an amendment instead")]
    Finalized,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::Hlc;
    use serde_json::json;
    use uuid::Uuid;

    fn fields(value: Value) -> FieldMap {
        value.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn a_new_subject_needs_its_required_fields() {
        let subject = fields(
            json!({"region_code": "51.01", "full_name": "DEMO PERSON", "nationality": "AUS"}),
        );
        assert_eq!(EntityKind::Subject.validate_write(&subject, true), Ok(()));
        let partial = fields(json!({"full_name": "DEMO PERSON"}));
        assert_eq!(EntityKind::Subject.validate_write(&partial, false), Ok(()));
        let error = EntityKind::Subject
            .validate_write(&partial, true)
            .expect_err("missing");
        assert_eq!(
            (error.field.as_str(), error.code()),
            ("region_code", "required")
        );
    }

    #[test]
    fn field_errors_name_the_field() {
        let cases = [
            (json!({"nik": "123"}), "nik", "invalid_format"),
            (
                json!({"nationality": "IDN"}),
                "nationality",
                "indonesian_citizen",
            ),
            (json!({"full_name": null}), "full_name", "required"),
            (
                json!({"favourite_colour": "red"}),
                "favourite_colour",
                "unknown_field",
            ),
            (
                json!({"document_type": "VISA"}),
                "document_type",
                "not_allowed_value",
            ),
            (json!({"deleted": "yes"}), "deleted", "wrong_type"),
            (
                json!({"permit_expiry": "2026-02-30"}),
                "permit_expiry",
                "invalid_date",
            ),
        ];
        for (write, field, code) in cases {
            let error = EntityKind::Subject
                .validate_write(&fields(write), false)
                .expect_err(field);
            assert_eq!((error.field.as_str(), error.code()), (field, code));
        }
    }

    #[test]
    fn a_form_gets_every_field_error_at_once() {
        let write = fields(json!({"full_name": "", "nik": "1", "sex": "Q"}));
        let errors = EntityKind::Subject.field_errors(&write, true);
        let mut named: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.code()))
            .collect();
        named.sort();
        assert_eq!(
            named,
            [
                ("full_name", "required"),
                ("nik", "invalid_format"),
                ("region_code", "required"),
                ("sex", "not_allowed_value")
            ]
        );
        assert!(
            EntityKind::Subject
                .field_errors(&fields(json!({"notes": "ok"})), false)
                .is_empty()
        );
    }

    #[test]
    fn final_inspections_and_their_findings_are_immutable() {
        let hlc = Hlc {
            millis: 1,
            counter: 0,
            device: Uuid::nil(),
        };
        let mut inspection = Record::default();
        inspection.merge(fields(json!({"status": "draft"})), hlc);
        assert_eq!(
            EntityKind::Inspection.check_mutable(&inspection, None),
            Ok(())
        );
        inspection.merge(fields(json!({"status": "final"})), Hlc { millis: 2, ..hlc });
        assert_eq!(
            EntityKind::Inspection.check_mutable(&inspection, None),
            Err(WriteRefused::Finalized)
        );
        assert_eq!(
            EntityKind::Finding.check_mutable(&Record::default(), Some(&inspection)),
            Err(WriteRefused::Finalized)
        );
        assert_eq!(
            EntityKind::Amendment.check_mutable(&Record::default(), None),
            Ok(())
        );
        assert_eq!(
            EntityKind::Amendment.check_mutable(&inspection, None),
            Err(WriteRefused::Finalized)
        );
    }

    #[test]
    fn finalizing_needs_a_warrant_or_a_reason() {
        let base = json!({"region_code": "51.01", "started_at": "2026-11-28T10:00:00+08:00", "place_name": "Vila Demo", "status": "final"});
        let error = EntityKind::Inspection
            .check_merged(&fields(base.clone()))
            .expect_err("no warrant");
        assert_eq!(error.field, "warrant_number");
        let mut with_reason = base;
        with_reason["no_warrant_reason"] = json!("caught_in_the_act");
        assert_eq!(
            EntityKind::Inspection.check_merged(&fields(with_reason)),
            Ok(())
        );
    }
}
