//! Structured corrections of a finalized inspection or finding. An amendment says why
//! in words (`reason`, `changes`) and, field by field, what the values become
//! (`corrections`: `{field: new value}`, `null` to clear one). The original record stays
//! as it was finalized; whoever reads it reads it *amended*: its values with every
//! amendment's corrections laid over them in the order they were made.

use crate::entity::{FieldMap, FieldValue};
use crate::inspection::{AmendableEntity, Finding, Inspection};
use crate::invalid::{FieldError, Invalid};
use serde_json::Value;
use uuid::Uuid;

/// The amendment's field that holds its corrections.
pub const CORRECTIONS: &str = "corrections";

/// At most this many fields corrected by one amendment.
const MOST_FIELDS: usize = 16;

/// The corrections of one amendment: each field corrected with its new value.
#[derive(Debug, Clone, PartialEq)]
pub struct Corrections(pub FieldMap);

impl FieldValue for Corrections {
    fn from_json(value: &Value) -> Result<Self, Invalid> {
        let fields = value
            .as_object()
            .ok_or(Invalid::WrongType { expected: "object" })?;
        if fields.is_empty() {
            return Err(Invalid::Required);
        }
        if fields.len() > MOST_FIELDS {
            return Err(Invalid::TooLong { max: MOST_FIELDS });
        }
        Ok(Corrections(fields.clone()))
    }

    fn to_json(&self) -> Value {
        Value::Object(self.0.clone())
    }
}

/// The fields an amendment may correct. What ties the record to others (its ids, region,
/// inspection, foreign national, officers, status) is not corrected this way.
pub fn correctable(entity: AmendableEntity) -> &'static [&'static str] {
    match entity {
        AmendableEntity::Finding => &[
            "documents_shown",
            "violations",
            "political_activity",
            "political_activity_place",
            "field_action",
            "recommended_action",
            "notes",
        ],
        AmendableEntity::Inspection => &[
            "place_name",
            "place_type",
            "address",
            "operation_type",
            "warrant_number",
            "no_warrant_reason",
            "notes",
        ],
    }
}

/// The field a correction of `field` is refused on, as a form names it.
pub fn corrected_field(field: &str) -> String {
    format!("{CORRECTIONS}.{field}")
}

/// Checks an amendment's corrections against the record it corrects: each field one an
/// amendment may correct, each value one the record's own field takes.
pub fn check_corrections(amendment: &FieldMap) -> Result<(), FieldError> {
    let Some(corrections) = amendment.get(CORRECTIONS).filter(|v| !v.is_null()) else {
        return Ok(());
    };
    let corrections = Corrections::from_json(corrections)
        .map_err(|reason| FieldError::new(CORRECTIONS, reason))?;
    let entity = amendment
        .get("original_entity")
        .and_then(Value::as_str)
        .and_then(|raw| AmendableEntity::parse(raw).ok())
        .ok_or_else(|| FieldError::new("original_entity", Invalid::Required))?;
    let specs = match entity {
        AmendableEntity::Finding => <Finding as crate::entity::Entity>::FIELDS,
        AmendableEntity::Inspection => <Inspection as crate::entity::Entity>::FIELDS,
    };
    let allowed = correctable(entity);
    for (field, value) in &corrections.0 {
        if !allowed.contains(&field.as_str()) {
            return Err(FieldError::new(corrected_field(field), Invalid::ReadOnly));
        }
        let mut single = FieldMap::new();
        single.insert(field.clone(), value.clone());
        crate::entity::validate_values(specs, &single)
            .map_err(|error| FieldError::new(corrected_field(field), error.reason))?;
    }
    Ok(())
}

/// `original` as amended: every amendment's corrections laid over its values in the
/// order the amendments were made (their ids are time-ordered UUIDs, so every device and
/// the server agree); a field cleared reads `null`, as a cleared field of any record.
pub fn amended<'a>(
    original: &FieldMap,
    amendments: impl IntoIterator<Item = (Uuid, &'a FieldMap)>,
) -> FieldMap {
    let mut pending: Vec<(Uuid, &FieldMap)> = amendments.into_iter().collect();
    let mut fields = original.clone();
    // A record has a handful of amendments: taken earliest first one by one, which costs
    // the field app less than a sort.
    while let Some(next) = (0..pending.len()).min_by_key(|&i| pending[i].0) {
        let (_, amendment) = pending.swap_remove(next);
        if let Some(Value::Object(corrections)) = amendment.get(CORRECTIONS) {
            for (field, value) in corrections {
                fields.insert(field.clone(), value.clone());
            }
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(value: Value) -> FieldMap {
        serde_json::from_value(value).expect("fields")
    }

    fn amendment(corrections: Value) -> FieldMap {
        map(json!({"region_code": "51.01", "original_entity": "finding",
                   "original_id": Uuid::nil(), "reason": "Salah catat (uji)",
                   "changes": "pelanggaran", "corrections": corrections}))
    }

    #[test]
    fn a_correction_names_a_correctable_field_with_a_value_it_takes() {
        let ok = amendment(json!({"violations": ["overstay"], "notes": null}));
        assert_eq!(check_corrections(&ok), Ok(()));
        let refused = |corrections: Value| {
            let error = check_corrections(&amendment(corrections)).expect_err("refused");
            (error.field, error.reason.code())
        };
        // A value the field does not take; whether a code is in force is the code
        // tables' to judge (`code_table::CodeTables`).
        assert_eq!(
            refused(json!({"violations": "overstay"})),
            ("corrections.violations".to_string(), "wrong_type")
        );
        assert_eq!(
            refused(json!({"subject_id": Uuid::nil()})),
            ("corrections.subject_id".to_string(), "read_only")
        );
        assert_eq!(
            refused(json!({"colour": "red"})),
            ("corrections.colour".to_string(), "read_only")
        );
        assert_eq!(refused(json!({})), ("corrections".to_string(), "required"));
        assert_eq!(
            refused(json!("violations")),
            ("corrections".to_string(), "wrong_type")
        );
    }

    #[test]
    fn a_record_reads_amended_in_the_order_the_amendments_were_made() {
        let finding =
            map(json!({"violations": ["overstay"], "notes": "awal", "field_action": "advice"}));
        let first = amendment(json!({"violations": ["permit_misuse"], "notes": null}));
        let second = amendment(json!({"violations": ["overstay", "no_document"]}));
        let (earlier, later) = (Uuid::now_v7(), Uuid::now_v7());
        let read = amended(&finding, [(later, &second), (earlier, &first)]);
        assert_eq!(read["violations"], json!(["overstay", "no_document"]));
        assert_eq!(read["notes"], Value::Null);
        assert_eq!(read["field_action"], "advice");
        // Without corrections, an amendment in words leaves the values as they were.
        let words = map(json!({"reason": "x", "changes": "y"}));
        assert_eq!(amended(&finding, [(earlier, &words)]), finding);
    }
}
