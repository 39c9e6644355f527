//! The field-level last-writer-wins merge. This is the only place that decides which
//! write wins; a losing value is never thrown away but reported, so the server can keep
//! it in the conflict log.

use super::hlc::Hlc;
use crate::entity::{DELETED, FieldMap};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// A field's value with the timestamp of the write that set it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stamped {
    #[serde(rename = "v")]
    pub value: Value,
    #[serde(rename = "h")]
    pub hlc: Hlc,
}

/// A record as the merge sees it: every field stamped.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Record {
    pub fields: BTreeMap<String, Stamped>,
}

/// A value replaced by a write with a greater timestamp. The value that replaced it is
/// the record's value of `field` once the write has merged.
#[derive(Debug, Clone, PartialEq)]
pub struct Superseded {
    pub field: String,
    pub old: Option<Stamped>,
}

/// An incoming value that lost to the value already there.
#[derive(Debug, Clone, PartialEq)]
pub struct LostWrite {
    pub field: String,
    pub kept: Stamped,
    pub losing: Stamped,
}

/// What one write did to a record.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MergeOutcome {
    /// Fields whose value the write set, with what they held before.
    pub changed: Vec<Superseded>,
    /// Fields whose incoming value lost.
    pub lost: Vec<LostWrite>,
}

impl Record {
    /// The current value of every field (cleared fields as `null`).
    pub fn values(&self) -> FieldMap {
        // Extended, not collected: collecting into a map sorts first (more code in the
        // field bundle) and the fields are in order already.
        let mut values = FieldMap::new();
        values.extend(
            self.fields
                .iter()
                .map(|(name, stamped)| (name.clone(), stamped.value.clone())),
        );
        values
    }

    pub fn value(&self, field: &str) -> Option<&Value> {
        self.fields.get(field).map(|stamped| &stamped.value)
    }

    pub fn is_deleted(&self) -> bool {
        self.value(DELETED) == Some(&Value::Bool(true))
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// The greatest timestamp of any field.
    pub fn latest(&self) -> Option<Hlc> {
        self.fields.values().map(|stamped| stamped.hlc).max()
    }

    /// Merges one write of `fields` stamped `hlc`: per field, the greater timestamp wins;
    /// at an equal timestamp (which a correct device never produces for different
    /// values) the greater value in canonical JSON wins, so every order agrees. The
    /// values move into the record; a losing one moves into the outcome.
    pub fn merge(&mut self, fields: FieldMap, hlc: Hlc) -> MergeOutcome {
        let mut outcome = MergeOutcome::default();
        for (name, value) in fields {
            let incoming = Stamped { value, hlc };
            match self.fields.get(&name) {
                Some(current) if !wins(&incoming.value, hlc, current) => {
                    if current.value != incoming.value || current.hlc != incoming.hlc {
                        outcome.lost.push(LostWrite {
                            field: name,
                            kept: current.clone(),
                            losing: incoming,
                        });
                    }
                }
                _ => {
                    let old = self.fields.insert(name.clone(), incoming);
                    outcome.changed.push(Superseded { field: name, old });
                }
            }
        }
        outcome
    }

    /// Whether a write of `fields` stamped `hlc` would set any field: false when every
    /// field already holds that value under that stamp, or a newer one.
    pub fn would_change(&self, fields: &FieldMap, hlc: Hlc) -> bool {
        fields
            .iter()
            .any(|(name, value)| match self.fields.get(name) {
                None => true,
                Some(current) => wins(value, hlc, current),
            })
    }
}

/// A value's canonical JSON text, which orders values that have no order of their own.
fn canonical(value: &Value) -> String {
    value.to_string()
}

/// Whether `value` written at `hlc` replaces `current`.
fn wins(value: &Value, hlc: Hlc, current: &Stamped) -> bool {
    match hlc.cmp(&current.hlc) {
        Ordering::Greater => true,
        Ordering::Less => false,
        Ordering::Equal => canonical(value) > canonical(&current.value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;
    use uuid::Uuid;

    fn hlc(millis: u64, device: u128) -> Hlc {
        Hlc {
            millis,
            counter: 0,
            device: Uuid::from_u128(device),
        }
    }

    fn fields(value: Value) -> FieldMap {
        value.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn newer_write_wins_and_older_is_reported_lost() {
        let mut record = Record::default();
        record.merge(fields(json!({"full_name": "A", "notes": "n"})), hlc(10, 1));
        let outcome = record.merge(fields(json!({"full_name": "B"})), hlc(5, 2));
        assert_eq!(record.value("full_name"), Some(&json!("A")));
        assert_eq!(outcome.lost.len(), 1);
        assert_eq!(outcome.lost[0].losing.value, json!("B"));
        assert_eq!(outcome.lost[0].kept.value, json!("A"));
        let outcome = record.merge(fields(json!({"full_name": "C"})), hlc(20, 2));
        assert_eq!(record.value("full_name"), Some(&json!("C")));
        assert_eq!(
            outcome.changed[0].old.as_ref().map(|s| &s.value),
            Some(&json!("A"))
        );
    }

    #[test]
    fn reapplying_a_write_changes_nothing() {
        let mut record = Record::default();
        let write = fields(json!({"full_name": "A", "deleted": true}));
        record.merge(write.clone(), hlc(10, 1));
        let before = record.clone();
        let again = record.merge(write.clone(), hlc(10, 1));
        assert_eq!(again, MergeOutcome::default());
        assert_eq!(record, before);
        assert!(record.is_deleted());
    }

    type Write = (FieldMap, Hlc);

    fn arb_writes() -> impl Strategy<Value = Vec<Write>> {
        let field = prop_oneof![Just("a"), Just("b"), Just("c"), Just("deleted")];
        let value = prop_oneof![
            any::<i8>().prop_map(|n| json!(n)),
            "[a-c]{0,2}".prop_map(|s| json!(s)),
            Just(Value::Null)
        ];
        let write = (
            proptest::collection::btree_map(field, value, 1..4),
            0u64..6,
            0u128..3,
            0u32..2,
        )
            .prop_map(|(map, millis, device, counter)| {
                let map = map.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
                (
                    map,
                    Hlc {
                        millis,
                        counter,
                        device: Uuid::from_u128(device),
                    },
                )
            });
        proptest::collection::vec(write, 1..8)
    }

    fn apply(writes: &[Write]) -> (Record, Vec<MergeOutcome>) {
        let mut record = Record::default();
        let outcomes = writes
            .iter()
            .map(|(f, h)| record.merge(f.clone(), *h))
            .collect();
        (record, outcomes)
    }

    proptest! {
        #[test]
        fn every_order_gives_the_same_record(writes in arb_writes(), seed: u64) {
            let (expected, _) = apply(&writes);
            let mut shuffled = writes.clone();
            // A deterministic shuffle from the seed (Fisher–Yates with an LCG).
            let mut state = seed;
            for i in (1..shuffled.len()).rev() {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                shuffled.swap(i, (state >> 33) as usize % (i + 1));
            }
            let (actual, _) = apply(&shuffled);
            prop_assert_eq!(actual, expected);
        }

        #[test]
        fn reapplying_any_write_changes_nothing(writes in arb_writes()) {
            let (mut record, _) = apply(&writes);
            let before = record.clone();
            for (fields, hlc) in &writes {
                let outcome = record.merge(fields.clone(), *hlc);
                prop_assert!(outcome.changed.is_empty());
                prop_assert_eq!(&record, &before);
            }
        }

        #[test]
        fn every_value_that_does_not_survive_is_accounted_for(writes in arb_writes()) {
            let (record, outcomes) = apply(&writes);
            for (index, (fields, hlc)) in writes.iter().enumerate() {
                for (name, value) in fields {
                    let stamped = Stamped { value: value.clone(), hlc: *hlc };
                    let survives = record.fields.get(name) == Some(&stamped);
                    let reported_lost = outcomes[index].lost.iter().any(|l| &l.field == name && l.losing == stamped);
                    let superseded_later = outcomes[index + 1..].iter().any(|o| {
                        o.changed.iter().any(|c| &c.field == name && c.old.as_ref() == Some(&stamped))
                    });
                    // Identical writes (same field, value and stamp) collapse into one.
                    let duplicate = writes[..index].iter().any(|(f, h)| h == hlc && f.get(name) == Some(value));
                    prop_assert!(survives || reported_lost || superseded_later || duplicate,
                        "write {index} of {name} vanished");
                }
            }
        }
    }
}
