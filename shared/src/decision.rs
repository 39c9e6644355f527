//! The office's decision on a finding after case review (entity `decision`): the
//! administrative action the immigration office decided, and whether it was carried out.
//!
//! Field officers recommend; the office decides (UU 6/2011 Pasal 75). The finalized
//! finding stays untouched: the decision is its own record that points to it. A finding
//! has at most one decision, whose id is derived from the finding's, so two offices
//! deciding the same finding write one record and the field-level merge keeps one value
//! of each field, the other going to the conflict log.

use crate::entity::{Amount, Entity, FieldMap, code_enum, entity};
use crate::identity::{IsoDate, LongText, ShortText};
use crate::invalid::{FieldError, Invalid};
use crate::region::RegionCode;
use uuid::Uuid;

code_enum! {
    /// Where a decision stands. A finding with no decision is awaiting review.
    pub enum DecisionState {
        Decided = "decided" ("Diputuskan", "Decided"),
        CarriedOut = "carried_out" ("Dilaksanakan", "Carried out"),
        Cancelled = "cancelled" ("Dibatalkan", "Cancelled"),
    }
}

impl DecisionState {
    /// Carried out and cancelled are the ends of a decision: it is not written again.
    pub fn is_closed(self) -> bool {
        matches!(self, DecisionState::CarriedOut | DecisionState::Cancelled)
    }
}

entity! {
    /// The decision on one finding. The overstay days and fee are computed at the
    /// inspection's date when the decision is made and stored, so that a later change of
    /// the fee rule never rewrites it.
    pub struct Decision = "decision" {
        required {
            region_code: RegionCode,
            finding_id: Uuid,
            state: DecisionState,
            decided_action: ShortText,
            decision_number: ShortText,
            decision_date: IsoDate,
            decided_by: Uuid,
        }
        optional {
            notes: LongText,
            overstay_days: Amount,
            overstay_fee_idr: Amount,
            carried_out_on: IsoDate,
            receipt_number: ShortText,
            cancel_reason: LongText,
        }
    }
}

/// The id of the decision on `finding`: the finding's id with its version nibble set to
/// 8 (a custom UUID). The same finding always gives the same decision id, on every device
/// and in SQL (`SUBSTR(id, 1, 14) || '8' || SUBSTR(id, 16)`).
pub fn decision_id(finding: Uuid) -> Uuid {
    let mut bytes = *finding.as_bytes();
    bytes[6] = (bytes[6] & 0x0f) | 0x80;
    Uuid::from_bytes(bytes)
}

impl Decision {
    /// What a decision in its state must have: the date it was carried out (not before
    /// the decision) once carried out, the reason once cancelled.
    pub fn check_complete(&self) -> Result<(), FieldError> {
        match self.state {
            DecisionState::Decided => Ok(()),
            DecisionState::CarriedOut => match self.carried_out_on {
                None => Err(FieldError::new("carried_out_on", Invalid::Required)),
                Some(on) if on < self.decision_date => Err(FieldError::new(
                    "carried_out_on",
                    Invalid::TooEarly {
                        earliest: self.decision_date.to_string(),
                    },
                )),
                Some(_) => Ok(()),
            },
            DecisionState::Cancelled => match self.cancel_reason {
                None => Err(FieldError::new("cancel_reason", Invalid::Required)),
                Some(_) => Ok(()),
            },
        }
    }

    /// Checks a decision's merged fields as a whole.
    pub fn check_merged(fields: &FieldMap) -> Result<(), FieldError> {
        Decision::from_fields(fields)?.check_complete()
    }
}

code_enum! {
    /// Which findings the review queue lists: those with no decision yet, or those whose
    /// decision is in a state.
    pub enum ReviewFilter {
        Awaiting = "awaiting" ("Menunggu tinjauan", "Awaiting review"),
        Decided = "decided" ("Diputuskan", "Decided"),
        CarriedOut = "carried_out" ("Dilaksanakan", "Carried out"),
        Cancelled = "cancelled" ("Dibatalkan", "Cancelled"),
    }
}

/// One finding in the office's review queue, with what the office needs to decide it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewItem {
    pub finding_id: Uuid,
    pub region_code: String,
    pub inspection_id: Uuid,
    /// The inspection's local date, `YYYY-MM-DD`.
    pub inspected_on: String,
    pub place_name: Option<String>,
    pub place_type: Option<String>,
    pub warrant_number: Option<String>,
    pub subject_id: Uuid,
    pub full_name: Option<String>,
    pub nationality: Option<String>,
    pub passport_number: Option<String>,
    pub permit_type: Option<String>,
    pub permit_expiry: Option<String>,
    pub violations: Vec<String>,
    pub field_action: Option<String>,
    pub recommended_action: Option<String>,
    pub notes: Option<String>,
    /// The ids of the finding's photos (attachments).
    pub photos: Vec<String>,
    /// Days past the permit's end on the inspection's date, and the fee for them under the
    /// rule in force: what a decision made now stores.
    pub overstay_days: i64,
    pub overstay_fee_idr: u64,
    /// Days since the inspection.
    pub age_days: i64,
    /// Awaiting review for longer than the office allows.
    pub overdue: bool,
    /// The decision's fields as stored, once there is one.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub decision: Option<FieldMap>,
    /// The officer's signature on the inspection's finalization, checked against the
    /// records as stored; `None` when it was finalized unsigned.
    #[serde(default)]
    pub signature: Option<crate::signing::SignatureCheck>,
}

/// A page of the review queue, oldest inspection first.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewQueue {
    pub items: Vec<ReviewItem>,
    /// Findings the filter matches in all.
    pub total: i64,
    /// Days a finding may await review before it is overdue.
    pub overdue_after_days: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn decision(extra: serde_json::Value) -> FieldMap {
        let mut fields = json!({
            "region_code": "51.01",
            "finding_id": "0190f3a2-7c1e-7d6a-9c1b-2a4e5f6a7b8c",
            "state": "decided",
            "decided_action": "deportation",
            "decision_number": "W20.IMI.1-GR.04.01-0001",
            "decision_date": "2026-11-20",
            "decided_by": "0190f3a2-7c1e-7d6a-9c1b-2a4e5f6a7b8d",
        })
        .as_object()
        .cloned()
        .unwrap_or_default();
        fields.extend(extra.as_object().cloned().unwrap_or_default());
        fields
    }

    fn refusal(extra: serde_json::Value) -> Option<(String, &'static str)> {
        Decision::check_merged(&decision(extra))
            .err()
            .map(|e| (e.field.clone(), e.code()))
    }

    #[test]
    fn the_decision_id_follows_from_the_finding_and_differs_from_it() {
        let finding =
            Uuid::parse_str("0190f3a2-7c1e-7d6a-9c1b-2a4e5f6a7b8c").expect("a finding id");
        let id = decision_id(finding);
        assert_eq!(id.to_string(), "0190f3a2-7c1e-8d6a-9c1b-2a4e5f6a7b8c");
        assert_eq!(decision_id(finding), id);
        assert_ne!(id, finding);
    }

    #[test]
    fn each_state_needs_what_closes_it() {
        assert_eq!(refusal(json!({})), None);
        assert_eq!(
            refusal(json!({"state": "carried_out"})),
            Some(("carried_out_on".into(), "required"))
        );
        assert_eq!(
            refusal(json!({"state": "carried_out", "carried_out_on": "2026-11-19"})),
            Some(("carried_out_on".into(), "too_early"))
        );
        assert_eq!(
            refusal(json!({"state": "carried_out", "carried_out_on": "2026-11-20"})),
            None
        );
        assert_eq!(
            refusal(json!({"state": "cancelled"})),
            Some(("cancel_reason".into(), "required"))
        );
        assert_eq!(
            refusal(json!({"state": "cancelled", "cancel_reason": "Permit was valid"})),
            None
        );
    }
}
