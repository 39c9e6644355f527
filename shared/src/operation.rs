//! Operations under one written order (*surat perintah*): a team's check of several
//! places over a period, by officers of several agencies (entity `operation`). The
//! inspections made under it point to it; the order's number and date are then those of
//! every one of them.

use crate::entity::{FieldMap, entity};
use crate::identity::{IsoDate, LongText, ShortText};
use crate::inspection::OperationType;
use crate::invalid::{FieldError, Invalid};
use crate::region::RegionCode;
use uuid::Uuid;

entity! {
    /// One written order and the operation it orders. `region_code` is the target area.
    pub struct Operation = "operation" {
        required {
            region_code: RegionCode,
            order_number: ShortText,
            order_date: IsoDate,
            operation_type: OperationType,
            period_start: IsoDate,
            period_end: IsoDate,
        }
        optional {
            /// The official who signed the order.
            issued_by: ShortText,
            agencies: Vec<ShortText>,
            officer_ids: Vec<Uuid>,
            notes: LongText,
        }
    }
}

impl Operation {
    /// Checks an operation's merged fields as a whole: its period ends no earlier than it
    /// starts, and starts no earlier than the order that sets it. The dates are read as
    /// the text they are stored as (`YYYY-MM-DD` orders as the dates do), so that a
    /// tablet, which only receives operations, carries no more of this than it needs.
    pub fn check_merged(fields: &FieldMap) -> Result<(), FieldError> {
        let date = |name: &str| fields.get(name).and_then(|v| v.as_str());
        for (field, earliest) in [
            ("period_start", "order_date"),
            ("period_end", "period_start"),
        ] {
            if let (Some(date), Some(earliest)) = (date(field), date(earliest))
                && date < earliest
            {
                return Err(FieldError::new(
                    field,
                    Invalid::TooEarly {
                        earliest: earliest.to_string(),
                    },
                ));
            }
        }
        Ok(())
    }

    /// Whether an inspection on `day` falls in the operation's period.
    pub fn covers(&self, day: IsoDate) -> bool {
        self.period_start <= day && day <= self.period_end
    }
}

/// One inspection made under an operation, as its report lists it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OperationInspection {
    pub id: Uuid,
    pub region_code: String,
    pub place_name: Option<String>,
    pub place_type: Option<String>,
    /// RFC 3339, with the officer's offset.
    pub started_at: Option<String>,
    pub status: Option<String>,
    pub findings: i64,
}

/// A value and how often it occurs.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tally {
    pub code: String,
    pub count: i64,
}

/// What an operation ends with: its order, the inspections made under it, the places by
/// type, the foreign nationals checked by nationality, the findings and the office's
/// decisions on them.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OperationReport {
    pub id: Uuid,
    /// The operation's fields as stored.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub fields: FieldMap,
    /// Whether the caller may change it.
    pub editable: bool,
    /// The earliest first.
    pub inspections: Vec<OperationInspection>,
    pub places_by_type: Vec<Tally>,
    /// Each person counted once, however many findings cite them.
    pub foreigners_by_nationality: Vec<Tally>,
    pub findings: i64,
    pub violations: Vec<Tally>,
    /// Findings the office has not decided yet.
    pub awaiting_decision: i64,
    pub decided_actions: Vec<Tally>,
}

/// One operation as the office lists them.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OperationListing {
    pub id: Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub fields: FieldMap,
    pub editable: bool,
    pub inspections: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::Entity;
    use serde_json::json;

    fn operation(start: &str, end: &str) -> FieldMap {
        json!({
            "region_code": "51.01", "order_number": "SP-01/UJI/2026", "order_date": "2026-11-02",
            "operation_type": "joint", "period_start": start, "period_end": end,
        })
        .as_object()
        .cloned()
        .unwrap_or_default()
    }

    #[test]
    fn a_period_runs_forward_from_its_order() {
        assert_eq!(
            Operation::check_merged(&operation("2026-11-03", "2026-11-05")),
            Ok(())
        );
        assert_eq!(
            Operation::check_merged(&operation("2026-11-02", "2026-11-02")),
            Ok(())
        );
        let backwards =
            Operation::check_merged(&operation("2026-11-05", "2026-11-03")).expect_err("refused");
        assert_eq!(
            (backwards.field.as_str(), backwards.code()),
            ("period_end", "too_early")
        );
        let before_order =
            Operation::check_merged(&operation("2026-11-01", "2026-11-03")).expect_err("refused");
        assert_eq!(
            (before_order.field.as_str(), before_order.code()),
            ("period_start", "too_early")
        );
    }

    #[test]
    fn an_inspection_on_the_last_day_is_covered() {
        let fields = operation("2026-11-03", "2026-11-05");
        let operation = Operation::from_fields(&fields).expect("valid");
        let day = |d: &str| IsoDate::parse(d).expect("date");
        assert!(operation.covers(day("2026-11-05")));
        assert!(!operation.covers(day("2026-11-06")));
        assert!(!operation.covers(day("2026-11-02")));
    }
}
